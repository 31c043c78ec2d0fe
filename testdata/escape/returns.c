// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// Returning a heap allocation (or anything that still carries its address)
// to the caller makes it escape with reason (return). Returning a value that
// is merely computed from the memory's contents does not.

#include <stdint.h>

#include <libc.h>

// The allocation itself is the return value.
char *direct(void) {
  return malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
}

// The allocation is returned through the variable it was assigned to.
char *through_var(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  p[0] = 'a';
  return p;
}

// An alias of the allocation is returned.
char *alias(void) {
  char *p = malloc(24); // expected-remark-re {{escapes (return): malloc(24) is returned to the caller{{.*}} [cescape:escape]}}
  char *q = p;
  return q;
}

// Pointer arithmetic keeps pointing into the same block.
char *plus_one(void) {
  char *p = malloc(32); // expected-remark-re {{escapes (return): malloc(32) is returned to the caller{{.*}} [cescape:escape]}}
  return p + 1;
}

// Address of an element: &p[2] is p + 2.
char *elem_addr(void) {
  char *p = malloc(32); // expected-remark-re {{escapes (return): malloc(32) is returned to the caller{{.*}} [cescape:escape]}}
  return &p[2];
}

// An interior pointer computed in a local before being returned.
int *interior(void) {
  int *a = calloc(8, sizeof(int)); // expected-remark-re {{escapes (return): calloc(8, sizeof(int)) is returned to the caller{{.*}} [cescape:escape]}}
  int *mid = a + 4;
  return mid;
}

// The pointer travels inside a struct returned by value.
struct buf {
  char *data;
  size_t len;
};
struct buf by_value(void) {
  struct buf b;
  b.data = malloc(40); // expected-remark-re {{escapes (return): malloc(40) is returned to the caller{{.*}} [cescape:escape]}}
  b.len = 40;
  return b;
}

// The struct is built with an initializer list.
struct buf by_value_init(void) {
  struct buf b = {malloc(48), 48}; // expected-remark-re {{escapes (return): malloc(48) is returned to the caller{{.*}} [cescape:escape]}}
  return b;
}

// The struct is a compound literal in the return statement.
struct buf by_compound_literal(void) {
  char *p = malloc(56); // expected-remark-re {{escapes (return): malloc(56) is returned to the caller{{.*}} [cescape:escape]}}
  return (struct buf){p, 56};
}

// A pointer laundered through intptr_t and back still escapes.
char *via_intptr(void) {
  char *p = malloc(64); // expected-remark-re {{escapes (integer): malloc(64) is converted to an integer{{.*}} [cescape:escape]}}
  intptr_t i = (intptr_t)p;
  return (char *)i;
}

// Returning the integer made from the pointer hands the address out too.
uintptr_t as_uintptr(void) {
  char *p = malloc(72); // expected-remark-re {{escapes (integer): malloc(72) is converted to an integer{{.*}} [cescape:escape]}}
  return (uintptr_t)p;
}

// Integer arithmetic on the laundered pointer still carries it.
char *via_intptr_arith(void) {
  char *p = malloc(80); // expected-remark-re {{escapes (integer): malloc(80) is converted to an integer{{.*}} [cescape:escape]}}
  uintptr_t u = (uintptr_t)p + 8;
  return (char *)u;
}

// Both arms of a ?: are returned.
char *cond_both(int c) {
  char *p = malloc(8); // expected-remark-re {{escapes (return): malloc(8) is returned to the caller{{.*}} [cescape:escape]}}
  char *q = malloc(9); // expected-remark-re {{escapes (return): malloc(9) is returned to the caller{{.*}} [cescape:escape]}}
  return c ? p : q;
}

// ?: between an allocation and a null pointer.
char *cond_null(int c) {
  char *p = malloc(10); // expected-remark-re {{escapes (return): malloc(10) is returned to the caller{{.*}} [cescape:escape]}}
  return c ? p : 0;
}

// Allocations directly in the arms of a ?:.
char *cond_inline(int c) {
  return c ? malloc(11) : malloc(12); // expected-remark-re {{escapes (return): malloc(11) is returned to the caller{{.*}} [cescape:escape]}} expected-remark-re {{escapes (return): malloc(12) is returned to the caller{{.*}} [cescape:escape]}}
}

// Returned through a second local that is assigned later, not initialised.
char *through_other_local(void) {
  char *p = malloc(13); // expected-remark-re {{escapes (return): malloc(13) is returned to the caller{{.*}} [cescape:escape]}}
  char *r;
  r = p;
  return r;
}

// Returned through a chain of locals.
char *through_chain(void) {
  char *p = malloc(14); // expected-remark-re {{escapes (return): malloc(14) is returned to the caller{{.*}} [cescape:escape]}}
  char *a = p, *b = a, *c = b;
  return c;
}

// Returned only on one path: still escapes (flow-insensitive, and it is
// really returned on that path).
char *one_path(int c) {
  char *p = malloc(15); // expected-remark-re {{escapes (return): malloc(15) is returned to the caller{{.*}} [cescape:escape]}}
  if (c)
    return p;
  free(p);
  return 0;
}

// A static helper with a body that returns its argument: the result leaks.
static char *identity(char *x) { return x; }
char *through_identity(void) {
  char *p = malloc(17); // expected-remark-re {{escapes (return): malloc(17){{.*}} [cescape:escape]}}
  return identity(p);
}

// The returned pointer is read out of a non-escaping block: the inner block
// escapes, the outer block holding the pointer does not (free(h) frees only
// the outer block, not the one it points to).
struct holder {
  char *data;
};
char *inner_returned(void) {
  struct holder *h = malloc(sizeof *h); // expected-remark {{malloc(sizeof *h) does not escape: use a stack array 'struct holder h_storage[1]' (8 bytes) [cescape:heap-to-stack]}}
  h->data = malloc(18); // expected-remark-re {{escapes (return): malloc(18) is returned to the caller{{.*}} [cescape:escape]}}
  char *d = h->data;
  free(h);
  return d;
}

// The comma operator yields its right operand.
char *comma(void) {
  char *p = malloc(25); // expected-remark-re {{escapes (return): malloc(25) is returned to the caller{{.*}} [cescape:escape]}}
  return (p[0] = 0, p);
}

// A GNU statement expression yields its last expression.
char *stmt_expr(void) {
  char *p = malloc(26); // expected-remark-re {{escapes (return): malloc(26) is returned to the caller{{.*}} [cescape:escape]}}
  return ({ p; });
}

// GNU ?: with the middle operand omitted returns the condition.
char *elvis(void) {
  char *p = malloc(27); // expected-remark-re {{escapes (return): malloc(27) is returned to the caller{{.*}} [cescape:escape]}}
  return p ?: 0;
}

// Stored as a pointer in a union and read back as an integer.
union pun {
  char *p;
  uintptr_t i;
};
uintptr_t via_union(void) {
  union pun u;
  u.p = malloc(28); // expected-remark-re {{escapes (integer): malloc(28) is converted to an integer{{.*}} [cescape:escape]}}
  return u.i;
}

// The pointer's bytes are copied into another variable with memcpy.
char *via_memcpy(void) {
  char *p = malloc(29); // expected-remark-re {{escapes (return): malloc(29) is returned to the caller{{.*}} [cescape:escape]}}
  char *q;
  memcpy(&q, &p, sizeof p);
  return q;
}

// ...or into an integer that is turned back into a pointer.
char *via_memcpy_int(void) {
  char *p = malloc(30); // expected-remark-re {{escapes (heap): malloc(30) is stored in memory that escapes{{.*}} [cescape:escape]}}
  uintptr_t u;
  memcpy(&u, &p, sizeof p);
  return (char *)u;
}

// The address of a field of a heap struct points into the block.
struct two {
  int a, b;
};
int *field_addr(void) {
  struct two *t = malloc(sizeof *t); // expected-remark-re {{escapes (return): malloc(sizeof *t) is returned to the caller{{.*}} [cescape:escape]}}
  return &t->b;
}

// Kept in a local array of pointers, returned from an element.
char *via_local_array(void) {
  char *p = malloc(31); // expected-remark-re {{escapes (return): malloc(31) is returned to the caller{{.*}} [cescape:escape]}}
  char *arr[2];
  arr[0] = p;
  arr[1] = 0;
  return arr[0];
}

// strchr returns a pointer into its argument.
char *via_strchr(void) {
  char *p = malloc(33); // expected-remark-re {{escapes (return): malloc(33) is returned to the caller{{.*}} [cescape:escape]}}
  p[0] = 0;
  return strchr(p, 'x');
}

// An integer 0 plus the laundered address is the address.
char *int_plus_ptr(void) {
  char *p = malloc(34); // expected-remark-re {{escapes (integer): malloc(34) is converted to an integer{{.*}} [cescape:escape]}}
  char *q = 0;
  q += (uintptr_t)p;
  return q;
}

// Returned from an inner block through a variable declared in it.
char *inner_block(int c) {
  char *p = malloc(35); // expected-remark-re {{escapes (return): malloc(35) is returned to the caller{{.*}} [cescape:escape]}}
  if (c) {
    char *t = p;
    return t;
  }
  free(p);
  return 0;
}

// ---- Integers that carry pointers across functions and type puns ----

// A helper converts the pointer to an integer; the caller returns it.
static uintptr_t to_int(char *x) { return (uintptr_t)x; }
uintptr_t int_from_callee(void) {
  char *p = malloc(38); // expected-remark-re {{escapes (call): malloc(38) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  uintptr_t v = to_int(p);
  return v;
}

// The caller converts; a helper returns the integer unchanged.
static uintptr_t id_int(uintptr_t v) { return v; }
uintptr_t int_through_callee(void) {
  char *p = malloc(39); // expected-remark-re {{escapes (integer): malloc(39) is converted to an integer{{.*}} [cescape:escape]}}
  return id_int((uintptr_t)p);
}

// The caller converts; a helper turns the integer back into a pointer.
static char *to_ptr(uintptr_t v) { return (char *)v; }
char *ptr_from_callee(void) {
  char *p = malloc(40); // expected-remark-re {{escapes (integer): malloc(40) is converted to an integer{{.*}} [cescape:escape]}}
  uintptr_t v = (uintptr_t)p;
  return to_ptr(v);
}

// The pointer variable's bytes are read as an integer through a cast pointer
// (breaks strict aliasing, but common in code built with
// -fno-strict-aliasing; the analysis must not rely on type-based aliasing).
uintptr_t pun_through_cast(void) {
  char *p = malloc(41); // expected-remark-re {{escapes (integer): malloc(41) is converted to an integer{{.*}} [cescape:escape]}}
  return *(uintptr_t *)&p;
}

// A struct's pointer member read as an integer through a cast pointer.
size_t pun_struct_member(void) {
  struct buf b = {malloc(42), 42}; // expected-remark-re {{escapes (integer): malloc(42) is converted to an integer{{.*}} [cescape:escape]}}
  size_t *words = (size_t *)&b;
  return words[0];
}

// A heap block holding a pointer, read back as an integer.
uintptr_t pun_block_content(void) {
  char **pp = malloc(sizeof(char *)); // expected-remark-re {{malloc(sizeof(char *)) does not escape{{.*}} [cescape:heap-to-stack]}}
  *pp = malloc(43); // expected-remark-re {{escapes (integer): malloc(43) is converted to an integer{{.*}} [cescape:escape]}}
  uintptr_t r = *(uintptr_t *)pp;
  free(pp);
  return r;
}

// A struct holding the pointer is copied byte-wise into an integer.
uintptr_t memcpy_struct_to_int(void) {
  struct buf b = {malloc(44), 44}; // expected-remark-re {{escapes (heap): malloc(44) is stored in memory that escapes{{.*}} [cescape:escape]}}
  uintptr_t u;
  memcpy(&u, &b, sizeof u);
  return u;
}

// The pointer's object representation copied byte by byte through
// unsigned char pointers (well-defined C: a hand-written memcpy).
char *bytewise_copy(void) {
  char *p = malloc(45); // expected-remark-re {{escapes (integer): malloc(45) is converted to an integer{{.*}} [cescape:escape]}}
  char *q;
  unsigned char *d = (unsigned char *)&q, *s = (unsigned char *)&p;
  for (size_t i = 0; i < sizeof p; i++)
    d[i] = s[i];
  return q;
}

// The pointer's bytes reassembled into an integer.
char *bytes_to_int(void) {
  char *p = malloc(46); // expected-remark-re {{escapes (integer): malloc(46) is converted to an integer{{.*}} [cescape:escape]}}
  unsigned char *b = (unsigned char *)&p;
  uintptr_t u = 0;
  for (size_t i = 0; i < sizeof p; i++)
    u |= (uintptr_t)b[i] << (8 * i);
  return (char *)u;
}

// ---- Silent returns: the value returned is computed from the contents. ----

// An element read out of the block.
int sum(void) {
  int *a = calloc(4, sizeof(int)); // expected-remark {{calloc(4, sizeof(int)) does not escape: use a stack array 'int a_storage[4] = {0}' (16 bytes) [cescape:heap-to-stack]}}
  a[1] = 2;
  a[2] = 3;
  int s = a[0] + a[1] + a[2] + a[3];
  free(a);
  return s;
}

// The dereferenced value is returned directly.
char first_char(void) {
  char *p = malloc(19); // expected-remark {{malloc(19) does not escape: use a stack array '_Alignas(16) char p_storage[19]' (19 bytes) [cescape:heap-to-stack]}}
  memset(p, 'x', 19);
  return *p;
}

// A length computed with a libc function that does not retain its argument.
size_t length(void) {
  char *p = malloc(20); // expected-remark {{malloc(20) does not escape: use a stack array '_Alignas(16) char p_storage[20]' (20 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = strlen(p);
  free(p);
  return n;
}

// A helper with a body that only reads its argument.
static int peek(const char *x) { return x[0] + x[1]; }
int via_reader(void) {
  char *p = malloc(21); // expected-remark {{malloc(21) does not escape: use a stack array '_Alignas(16) char p_storage[21]' (21 bytes) [cescape:heap-to-stack]}}
  p[0] = p[1] = 1;
  int r = peek(p);
  free(p);
  return r;
}

// sizeof does not evaluate the pointer.
size_t size_only(void) {
  long *p = malloc(22 * sizeof(long)); // expected-remark {{malloc(22 * sizeof(long)) does not escape: use a stack array 'long p_storage[22]' (176 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t s = sizeof *p + sizeof p;
  free(p);
  return s;
}

// A struct returned by value whose fields are copied out of the block.
struct pair {
  int a, b;
};
struct pair copy_out(void) {
  struct pair *pp = malloc(sizeof(struct pair)); // expected-remark {{malloc(sizeof(struct pair)) does not escape: use a stack array 'struct pair pp_storage[1]' (8 bytes) [cescape:heap-to-stack]}}
  pp->a = 1;
  pp->b = 2;
  struct pair r = *pp;
  free(pp);
  return r;
}

// A comparison of the pointer is a truth value, not the address.
int non_null(void) {
  char *p = malloc(36); // expected-remark {{malloc(36) does not escape: use a stack array '_Alignas(16) char p_storage[36]' (36 bytes) [cescape:heap-to-stack]}}
  int r = p != 0;
  free(p);
  return r;
}

// Conversion to _Bool is a truth value too.
_Bool as_bool(void) {
  char *p = malloc(37); // expected-remark {{malloc(37) does not escape: use a stack array '_Alignas(16) char p_storage[37]' (37 bytes) [cescape:heap-to-stack]}}
  _Bool b = p;
  free(p);
  return b;
}
