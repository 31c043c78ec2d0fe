// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// Storing a heap allocation where a global can reach it makes it escape
// with reason (global): globals, static globals, static locals, elements and
// fields of global aggregates, and externs declared at block scope. Reading
// globals, or copying bytes into them, does not.

#include <stdint.h>

#include <libc.h>

char *g;
static char *sg;
char *garr[4];
struct cfg {
  char *name;
  int *vals;
};
struct cfg gcfg;
struct cfg gcfgs[2];
_Thread_local char *tls;
char gbuf[64];
uintptr_t gint;

// Assigned directly to a global.
void to_global(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
  g = p;
}

// The allocation call is the right-hand side of the global assignment.
void to_global_direct(void) {
  g = malloc(17); // expected-remark-re {{escapes (global): malloc(17) is stored in a global{{.*}} [cescape:escape]}}
}

// A static (internal linkage) global is still a global.
void to_static_global(void) {
  char *p = malloc(18); // expected-remark-re {{escapes (global): malloc(18) is stored in a global{{.*}} [cescape:escape]}}
  sg = p;
}

// A static local outlives every call of its function.
void to_static_local(void) {
  static char *cache;
  if (!cache)
    cache = malloc(19); // expected-remark-re {{escapes (global): malloc(19) is stored in a global{{.*}} [cescape:escape]}}
  cache[0] = 1;
}

// A static local initialised from another static is still global memory.
void to_static_local_alias(void) {
  static char *slot;
  char *p = malloc(20); // expected-remark-re {{escapes (global): malloc(20) is stored in a global{{.*}} [cescape:escape]}}
  slot = p + 1;
}

// An element of a global array.
void to_global_array(void) {
  char *p = malloc(21); // expected-remark-re {{escapes (global): malloc(21) is stored in a global{{.*}} [cescape:escape]}}
  garr[1] = p;
}

// An element of a global array at a computed index.
void to_global_array_index(int i) {
  garr[i & 3] = malloc(22); // expected-remark-re {{escapes (global): malloc(22) is stored in a global{{.*}} [cescape:escape]}}
}

// A field of a global struct.
void to_global_field(void) {
  int *v = calloc(4, sizeof(int)); // expected-remark-re {{escapes (global): calloc(4, sizeof(int)) is stored in a global{{.*}} [cescape:escape]}}
  gcfg.vals = v;
}

// A field of an element of a global array of structs.
void to_global_array_field(void) {
  char *p = malloc(23); // expected-remark-re {{escapes (global): malloc(23) is stored in a global{{.*}} [cescape:escape]}}
  gcfgs[1].name = p;
}

// A field of a global reached through a local pointer to that global.
void to_global_via_local_ptr(void) {
  struct cfg *c = &gcfg;
  c->name = malloc(24); // expected-remark-re {{escapes (global): malloc(24) is stored in a global{{.*}} [cescape:escape]}}
}

// A block-scope extern declaration names a global.
void to_block_extern(void) {
  extern char *ext_name;
  char *p = malloc(25); // expected-remark-re {{escapes (global): malloc(25) is stored in a global{{.*}} [cescape:escape]}}
  ext_name = p;
}

// A block-scope extern array.
void to_block_extern_array(void) {
  extern char *ext_tab[];
  ext_tab[0] = malloc(26); // expected-remark-re {{escapes (global): malloc(26) is stored in a global{{.*}} [cescape:escape]}}
}

// A thread-local global outlives the function too.
void to_thread_local(void) {
  char *p = malloc(27); // expected-remark-re {{escapes (global): malloc(27) is stored in a global{{.*}} [cescape:escape]}}
  tls = p;
}

// Stored into a local first, and the local is copied to a global later.
void via_local(void) {
  char *p = malloc(28); // expected-remark-re {{escapes (global): malloc(28) is stored in a global{{.*}} [cescape:escape]}}
  char *l = p;
  l[0] = 'x';
  g = l;
}

// The local is copied to the global before the allocation is assigned to
// it: the read sees only the definition that reaches it (definitions.c);
// via_local above is the twin.
void via_local_before(void) {
  char *l = 0;
  g = l;
  l = malloc(29); // expected-remark-re {{malloc(29) does not escape{{.*}} [cescape:heap-to-stack]}}
}

// Stored in a local struct that is copied to a global struct.
void via_local_struct(void) {
  struct cfg c;
  c.name = malloc(30); // expected-remark-re {{escapes (global): malloc(30) is stored in a global{{.*}} [cescape:escape]}}
  c.vals = 0;
  gcfg = c;
}

// A pointer in a global is updated through a local pointer-to-pointer.
void via_ptr_to_global(void) {
  char **pp = &g;
  *pp = malloc(31); // expected-remark-re {{escapes (global): malloc(31) is stored in a global{{.*}} [cescape:escape]}}
}

// Passed to a static function that stores its parameter in a global.
static void keep(char *x) { g = x; }
void via_callee(void) {
  char *p = malloc(32); // expected-remark-re {{escapes (call): malloc(32) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  keep(p);
}

// Stored in a heap block that a global points to.
void into_block_of_global(void) {
  struct cfg *c = malloc(sizeof *c); // expected-remark-re {{escapes (global): malloc(sizeof *c) is stored in a global{{.*}} [cescape:escape]}}
  c->name = malloc(33); // expected-remark-re {{escapes (heap): malloc(33) is stored in memory that escapes{{.*}} [cescape:escape]}}
  gcfgs[0].name = (char *)c;
}

// The caller converts the pointer to an integer, a helper stores the
// integer in a global.
static void keep_int(uintptr_t v) { gint = v; }
void int_to_global_in_callee(void) {
  char *p = malloc(38); // expected-remark-re {{escapes (integer): malloc(38) is converted to an integer{{.*}} [cescape:escape]}}
  keep_int((uintptr_t)p);
}

// A helper turns the integer back into a pointer stored in a global.
static void keep_as_ptr(uintptr_t v) { g = (char *)v; }
void ptr_to_global_in_callee(void) {
  char *p = malloc(39); // expected-remark-re {{escapes (integer): malloc(39) is converted to an integer{{.*}} [cescape:escape]}}
  keep_as_ptr((uintptr_t)p);
}

// The pointer variable's bytes are stored into a global integer.
void pun_to_global(void) {
  char *p = malloc(40); // expected-remark-re {{escapes (integer): malloc(40) is converted to an integer{{.*}} [cescape:escape]}}
  gint = *(uintptr_t *)&p;
}

// Stored by an atomic builtin.
void atomic_to_global(void) {
  char *p = malloc(41); // expected-remark-re {{escapes ({{global|heap}}): malloc(41) is stored{{.*}} [cescape:escape]}}
  __atomic_store_n(&g, p, __ATOMIC_SEQ_CST);
}

// Swapped into a global by an atomic exchange.
void atomic_exchange_global(void) {
  char *p = malloc(42); // expected-remark-re {{escapes ({{global|heap}}): malloc(42) is stored{{.*}} [cescape:escape]}}
  char *old = __atomic_exchange_n(&g, p, __ATOMIC_SEQ_CST);
  (void)old;
}

// Copied into a global by __builtin_memcpy.
void builtin_memcpy_global(void) {
  char *p = malloc(43); // expected-remark-re {{escapes (global): malloc(43) is stored in a global{{.*}} [cescape:escape]}}
  __builtin_memcpy(&g, &p, sizeof p);
}

// ---- Silent: globals are only read, or receive bytes, not the address ----

// Reading a global pointer and its contents.
int read_global(void) {
  char *p = malloc(34); // expected-remark {{malloc(34) does not escape: use a stack array '_Alignas(16) char p_storage[34]' (34 bytes) [cescape:heap-to-stack]}}
  p[0] = g[0];
  p[1] = garr[0][0];
  int r = p[0] + p[1];
  free(p);
  return r;
}

// Copying the contents of the block into global memory.
void copy_into_global(void) {
  char *p = malloc(35); // expected-remark {{malloc(35) does not escape: use a stack array '_Alignas(16) char p_storage[35]' (35 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  memcpy(gbuf, p, 35);
  strcpy(g, p);
  free(p);
}

// Storing a character read from the block into a global's pointee.
void byte_into_global(void) {
  char *p = malloc(36); // expected-remark {{malloc(36) does not escape: use a stack array '_Alignas(16) char p_storage[36]' (36 bytes) [cescape:heap-to-stack]}}
  p[0] = 'a';
  *g = p[0];
  gcfg.name[0] = *p;
  free(p);
}

// A global's value stored into the block (the reverse direction).
void global_into_block(void) {
  char **pp = malloc(sizeof(char *)); // expected-remark {{malloc(sizeof(char *)) does not escape: use a stack array 'char *pp_storage[1]' (8 bytes) [cescape:heap-to-stack]}}
  *pp = g;
  g = *pp;
  free(pp);
}

// A local with the same name as a global shadows it.
void shadowed(void) {
  char *g = malloc(37); // expected-remark {{malloc(37) does not escape: use a stack array '_Alignas(16) char g_storage[37]' (37 bytes) [cescape:heap-to-stack]}}
  g[0] = 0;
  free(g);
}
