// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// Allocations stored into local structs and arrays stay with the local:
// members share their aggregate's location (field-insensitive). They escape
// once the aggregate does: returned by value, copied to a global, or handed
// to a function that can keep it.

#include <libc.h>

struct h {
  char *buf;
  size_t len;
};
struct outer {
  struct h in;
  int n;
};
struct two {
  char *a;
  char *b;
};

struct h gh;
void consume(struct h);           // unknown: may keep h.buf
void consume_ptr(struct h *);     // unknown: may keep hp->buf
void consume_arr(char **);        // unknown: may keep arr[i]

// A field of a local struct.
void field(void) {
  struct h h;
  h.buf = malloc(64); // expected-remark {{malloc(64) does not escape: use a stack array '_Alignas(16) char buf_storage[64]' (64 bytes), declared beside 'h' (no fix-it) [cescape:heap-to-stack]}}
  h.len = 64;
  h.buf[0] = 0;
  free(h.buf);
}

// A local struct initialised with the allocation.
void field_init(void) {
  struct h h = {malloc(65), 65}; // expected-remark-re {{malloc(65) does not escape{{.*}} [cescape:heap-to-stack]}}
  h.buf[0] = 0;
}

// Designated initialiser.
void field_designated(void) {
  struct h h = {.len = 66, .buf = malloc(66)}; // expected-remark-re {{malloc(66) does not escape{{.*}} [cescape:heap-to-stack]}}
  h.buf[h.len - 1] = 0;
}

// A local array of pointers.
void array_of_pointers(void) {
  char *arr[4];
  arr[0] = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  arr[1] = malloc(9); // expected-remark-re {{malloc(9) does not escape{{.*}} [cescape:heap-to-stack]}}
  arr[2] = arr[3] = 0;
  arr[0][0] = arr[1][0];
}

// A local array of pointers with an initialiser list.
void array_init(void) {
  char *arr[2] = {malloc(10), malloc(11)}; // expected-remark-re {{malloc(10) does not escape{{.*}} [cescape:heap-to-stack]}} expected-remark-re {{malloc(11) does not escape{{.*}} [cescape:heap-to-stack]}}
  arr[0][0] = arr[1][0];
}

// Freeing each element of an array that holds two allocations: elements at
// constant indices have locations of their own, so each free frees one
// block.
void array_freed(void) {
  char *arr[2];
  arr[0] = malloc(12); // expected-remark-re {{malloc(12) does not escape{{.*}} declared beside 'arr' (no fix-it) [cescape:heap-to-stack]}}
  arr[1] = malloc(13); // expected-remark-re {{malloc(13) does not escape{{.*}} declared beside 'arr' (no fix-it) [cescape:heap-to-stack]}}
  free(arr[0]);
  free(arr[1]);
}

// The twin: freed by a variable index, either block may be freed, and
// "freed together with other memory" keeps both on the heap (conservative).
void array_freed_by_index(int n) {
  char *arr[2];
  arr[0] = malloc(15); // expected-remark-re {{escapes (call): malloc(15) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  arr[1] = malloc(16); // expected-remark-re {{escapes (call): malloc(16) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  for (int i = 0; i < n && i < 2; i++)
    free(arr[i]);
}

// A single allocation in an array, freed through the element.
void array_one_freed(void) {
  char *arr[2];
  arr[0] = malloc(14); // expected-remark-re {{malloc(14) does not escape{{.*}} [cescape:heap-to-stack]}}
  arr[1] = 0;
  free(arr[0]);
}

// A field of a nested struct.
void nested(void) {
  struct outer o;
  o.in.buf = malloc(15); // expected-remark-re {{malloc(15) does not escape{{.*}} [cescape:heap-to-stack]}}
  o.in.len = 15;
  o.n = 1;
  free(o.in.buf);
}

// A local array of structs.
void array_of_structs(void) {
  struct h hs[3];
  hs[1].buf = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  hs[1].buf[0] = 0;
}

// The struct is copied to another local struct.
void copied_to_local(void) {
  struct h a, b;
  a.buf = malloc(17); // expected-remark-re {{malloc(17) does not escape{{.*}} [cescape:heap-to-stack]}}
  a.len = 17;
  b = a;
  b.buf[0] = 1;
  free(b.buf);
}

// The struct is copied into a non-escaping heap block.
void copied_to_block(void) {
  struct h a;
  a.buf = malloc(18); // expected-remark-re {{malloc(18) does not escape{{.*}} [cescape:heap-to-stack]}}
  struct h *box = malloc(sizeof *box); // expected-remark {{malloc(sizeof *box) does not escape: use a stack array 'struct h box_storage[1]' (16 bytes) [cescape:heap-to-stack]}}
  *box = a;
  box->buf[0] = 0;
  free(box);
}

// The struct is copied with memcpy to another local.
void memcpy_to_local(void) {
  struct h a, b;
  a.buf = malloc(19); // expected-remark-re {{malloc(19) does not escape{{.*}} [cescape:heap-to-stack]}}
  memcpy(&b, &a, sizeof a);
  b.buf[0] = 0;
}

// Passing the struct by pointer to a function with a body that only reads
// (the result is an int, narrower than a pointer, so it cannot carry one).
struct hn {
  char *buf;
  int len;
};
static int total(const struct hn *hp) { return hp->len + hp->buf[0]; }
int read_by_callee(void) {
  struct hn h;
  h.buf = malloc(21); // expected-remark-re {{malloc(21) does not escape: use a stack array '_Alignas(16) char buf_storage[21]' (21 bytes){{.*}} [cescape:heap-to-stack]}}
  h.buf[0] = 0;
  h.len = 21;
  return total(&h);
}

// Passing the struct by value to a function with a body that only reads.
static char first(struct h h) { return h.buf[0]; }
char read_by_value_callee(void) {
  struct h h;
  h.buf = malloc(22); // expected-remark-re {{malloc(22) does not escape{{.*}} [cescape:heap-to-stack]}}
  h.buf[0] = 'x';
  return first(h);
}

// Returning an int member of the struct.
int return_len(void) {
  struct hn h = {malloc(23), 23}; // expected-remark-re {{malloc(23) does not escape{{.*}} [cescape:heap-to-stack]}}
  return h.len;
}

// Returning a size_t member: no pointer is ever turned into an integer here,
// so the size_t cannot carry the buffer's address.
size_t return_size_t_len(void) {
  struct h h = {malloc(41), 41}; // expected-remark-re {{malloc(41) does not escape{{.*}} [cescape:heap-to-stack]}}
  return h.len;
}

// ---- The aggregate escapes, and the allocation with it ----

// Returned by value.
struct h returned(void) {
  struct h h;
  h.buf = malloc(24); // expected-remark-re {{escapes (return): malloc(24) is returned to the caller{{.*}} [cescape:escape]}}
  h.len = 24;
  return h;
}

// A nested struct returned by value.
struct outer returned_nested(void) {
  struct outer o;
  o.in.buf = malloc(25); // expected-remark-re {{escapes (return): malloc(25) is returned to the caller{{.*}} [cescape:escape]}}
  return o;
}

// Only the inner struct of a nested one is returned.
struct h returned_inner(void) {
  struct outer o;
  o.in.buf = malloc(26); // expected-remark-re {{escapes (return): malloc(26) is returned to the caller{{.*}} [cescape:escape]}}
  return o.in;
}

// Copied to another local struct which is returned.
struct h returned_copy(void) {
  struct h a, b;
  a.buf = malloc(27); // expected-remark-re {{escapes (return): malloc(27) is returned to the caller{{.*}} [cescape:escape]}}
  b = a;
  return b;
}

// Field-sensitive: the struct's other field is returned; each field has its
// own location, so only that field's block escapes.
char *returned_other_field(void) {
  struct two t;
  t.a = malloc(28); // expected-remark {{malloc(28) does not escape: use a stack array '_Alignas(16) char buf_storage[28]' (28 bytes), declared beside 't' (no fix-it) [cescape:heap-to-stack]}}
  t.b = malloc(29); // expected-remark-re {{escapes (return): malloc(29) is returned to the caller{{.*}} [cescape:escape]}}
  return t.b;
}

// An array element is returned: the whole array's contents escape.
char *returned_element(void) {
  char *arr[2];
  arr[0] = malloc(30); // expected-remark-re {{escapes (return): malloc(30) is returned to the caller{{.*}} [cescape:escape]}}
  arr[1] = 0;
  return arr[0];
}

// Copied to a global struct.
void to_global(void) {
  struct h h;
  h.buf = malloc(31); // expected-remark-re {{escapes (global): malloc(31) is stored in a global{{.*}} [cescape:escape]}}
  gh = h;
}

// A nested struct's member struct copied to a global.
void nested_to_global(void) {
  struct outer o;
  o.in.buf = malloc(32); // expected-remark-re {{escapes (global): malloc(32) is stored in a global{{.*}} [cescape:escape]}}
  gh = o.in;
}

// Copied to a global with memcpy.
void memcpy_to_global(void) {
  struct h h;
  h.buf = malloc(33); // expected-remark-re {{escapes (global): malloc(33) is stored in a global{{.*}} [cescape:escape]}}
  memcpy(&gh, &h, sizeof h);
}

// Passed by value to an unknown function.
void to_extern_by_value(void) {
  struct h h;
  h.buf = malloc(34); // expected-remark-re {{escapes (extern): malloc(34) is passed to a function whose body is not visible{{.*}} [cescape:escape]}}
  h.len = 34;
  consume(h);
}

// Passed by pointer to an unknown function: the struct itself escapes, and
// what is stored in it goes with it.
void to_extern_by_pointer(void) {
  struct h h;
  h.buf = malloc(35); // expected-remark-re {{escapes (heap): malloc(35) is stored in memory that escapes{{.*}} [cescape:escape]}}
  consume_ptr(&h);
}

// A nested struct's member passed by pointer to an unknown function.
void nested_to_extern(void) {
  struct outer o;
  o.in.buf = malloc(36); // expected-remark-re {{escapes (heap): malloc(36) is stored in memory that escapes{{.*}} [cescape:escape]}}
  consume_ptr(&o.in);
}

// An array of pointers passed to an unknown function.
void array_to_extern(void) {
  char *arr[2];
  arr[0] = malloc(37); // expected-remark-re {{escapes (heap): malloc(37) is stored in memory that escapes{{.*}} [cescape:escape]}}
  arr[1] = 0;
  consume_arr(arr);
}

// An array of structs whose element is passed to an unknown function.
void struct_array_to_extern(void) {
  struct h hs[2];
  hs[0].buf = malloc(38); // expected-remark-re {{escapes (extern): malloc(38) is passed to a function whose body is not visible{{.*}} [cescape:escape]}}
  consume(hs[0]);
}

// A copy of the struct is passed to an unknown function.
void copy_to_extern(void) {
  struct h a, b;
  a.buf = malloc(39); // expected-remark-re {{escapes (heap): malloc(39) is stored in memory that escapes{{.*}} [cescape:escape]}}
  b = a;
  consume_ptr(&b);
}

// Stored in a struct that is then stored in an escaping heap block.
struct h *into_escaping_block(void) {
  struct h a;
  a.buf = malloc(40); // expected-remark-re {{escapes (heap): malloc(40) is stored in memory that escapes{{.*}} [cescape:escape]}}
  struct h *box = malloc(sizeof *box); // expected-remark-re {{escapes (return): malloc(sizeof *box) is returned to the caller{{.*}} [cescape:escape]}}
  *box = a;
  return box;
}
