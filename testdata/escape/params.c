// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// Storing a heap allocation through a pointer parameter hands it to the
// caller: it escapes with reason (param). Storing only the bytes the block
// holds (or writing to a by-value parameter, which is a local) does not.

#include <libc.h>

struct out {
  char *buf;
  char c;
  struct {
    char *name;
  } inner;
  struct out *next;
};

// *out = p
void deref_store(char **out) {
  char *p = malloc(16); // expected-remark-re {{escapes (param): malloc(16) is stored through a parameter{{.*}} [cescape:escape]}}
  *out = p;
}

// The allocation call directly on the right of the store.
void deref_store_direct(char **out) {
  *out = malloc(17); // expected-remark-re {{escapes (param): malloc(17) is stored through a parameter{{.*}} [cescape:escape]}}
}

// out->f = p
void field_store(struct out *out) {
  char *p = malloc(18); // expected-remark-re {{escapes (param): malloc(18) is stored through a parameter{{.*}} [cescape:escape]}}
  out->buf = p;
}

// out[1] = p
void index_store(char **out) {
  char *p = malloc(19); // expected-remark-re {{escapes (param): malloc(19) is stored through a parameter{{.*}} [cescape:escape]}}
  out[1] = p;
}

// An array parameter is a pointer parameter.
void array_param_store(char *out[4]) {
  out[3] = malloc(20); // expected-remark-re {{escapes (param): malloc(20) is stored through a parameter{{.*}} [cescape:escape]}}
}

// **pp = p: two levels down.
void double_deref_store(char ***pp) {
  char *p = malloc(21); // expected-remark-re {{escapes (param): malloc(21) is stored through a parameter{{.*}} [cescape:escape]}}
  **pp = p;
}

// A nested field of the pointee.
void nested_field_store(struct out *out) {
  out->inner.name = malloc(22); // expected-remark-re {{escapes (param): malloc(22) is stored through a parameter{{.*}} [cescape:escape]}}
}

// A field of a struct the parameter points to indirectly.
void chained_field_store(struct out *out) {
  out->next->buf = malloc(23); // expected-remark-re {{escapes (param): malloc(23) is stored through a parameter{{.*}} [cescape:escape]}}
}

// Through a local copy of the parameter.
void via_local_copy(char **out) {
  char **o = out;
  *o = malloc(24); // expected-remark-re {{escapes (param): malloc(24) is stored through a parameter{{.*}} [cescape:escape]}}
}

// Through pointer arithmetic on the parameter.
void via_param_arith(char **out, int i) {
  *(out + i) = malloc(25); // expected-remark-re {{escapes (param): malloc(25) is stored through a parameter{{.*}} [cescape:escape]}}
}

// Stored with memcpy: the pointer's bytes land in the caller's memory.
void via_memcpy(char **out) {
  char *p = malloc(26); // expected-remark-re {{escapes (param): malloc(26) is stored through a parameter{{.*}} [cescape:escape]}}
  memcpy(out, &p, sizeof p);
}

// Through a pointer parameter cast to another type.
void via_cast(void *out) {
  char *p = malloc(27); // expected-remark-re {{escapes (param): malloc(27) is stored through a parameter{{.*}} [cescape:escape]}}
  *(char **)out = p;
}

// A pointer stored in a non-escaping block, and the block's pointer content
// copied out through the parameter: the inner block escapes, the outer not.
void inner_through_param(char **out) {
  char **tab = malloc(2 * sizeof(char *)); // expected-remark {{malloc(2 * sizeof(char *)) does not escape: use a stack array 'char *tab_storage[2]' (16 bytes) [cescape:heap-to-stack]}}
  tab[0] = malloc(28); // expected-remark-re {{escapes (param): malloc(28) is stored through a parameter{{.*}} [cescape:escape]}}
  tab[1] = 0;
  *out = *tab;
  free(tab);
}

// A static helper with a body that stores its second parameter through its
// first: the summary carries the store to the caller's argument.
static void set(char **o, char *v) { *o = v; }
void via_setter(char **out) {
  set(out, malloc(29)); // expected-remark-re {{escapes (param): malloc(29) is stored through a parameter{{.*}} [cescape:escape]}}
}

// The same helper storing into a local of the caller does not escape:
// set() keeps nothing, and local can only point to malloc(30).
void setter_into_local(void) {
  char *local;
  set(&local, malloc(30)); // expected-remark-re {{malloc(30) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  local[0] = 0;
  free(local);
}

// Flow-insensitive: the parameter is redirected to a local before the
// store, but it may point to the caller's memory, so the store escapes
// (Go sends every store through a pointer to the heap; conservative).
void redirected_param(char **out) {
  char *tmp;
  out = &tmp;
  *out = malloc(31); // expected-remark-re {{escapes (param): malloc(31) is stored through a parameter{{.*}} [cescape:escape]}}
  free(tmp);
}

// A local struct holding the allocation is copied through the parameter.
void struct_copied_out(struct out *o) {
  struct out l;
  l.buf = malloc(40); // expected-remark-re {{escapes (param): malloc(40) is stored through a parameter{{.*}} [cescape:escape]}}
  l.c = 0;
  *o = l;
}

// Stored through the parameter by an atomic builtin.
void atomic_store_out(char **out) {
  char *p = malloc(41); // expected-remark-re {{escapes ({{param|heap}}): malloc(41) is stored{{.*}} [cescape:escape]}}
  __atomic_store_n(out, p, __ATOMIC_RELEASE);
}

// ---- Silent: only contents go through the parameter ----

// *out = *p with char data copies one byte.
void store_contents(char *out) {
  char *p = malloc(32); // expected-remark {{malloc(32) does not escape: use a stack array '_Alignas(16) char p_storage[32]' (32 bytes) [cescape:heap-to-stack]}}
  p[0] = 'a';
  *out = *p;
  free(p);
}

// out->c = p[0]
void store_field_contents(struct out *out) {
  char *p = malloc(33); // expected-remark {{malloc(33) does not escape: use a stack array '_Alignas(16) char p_storage[33]' (33 bytes) [cescape:heap-to-stack]}}
  p[0] = 'b';
  out->c = p[0];
  out->buf[0] = p[0];
  free(p);
}

// memcpy of char data into the caller's buffer.
void copy_contents(char *out) {
  char *p = calloc(34, 1); // expected-remark {{calloc(34, 1) does not escape: use a stack array '_Alignas(16) char p_storage[34] = {0}' (34 bytes) [cescape:heap-to-stack]}}
  memcpy(out, p, 34);
  free(p);
}

// Reading through the parameter into the block.
void read_param(const char *in) {
  char *p = malloc(35); // expected-remark {{malloc(35) does not escape: use a stack array '_Alignas(16) char p_storage[35]' (35 bytes) [cescape:heap-to-stack]}}
  p[0] = in[0];
  memcpy(p, in, 35);
  free(p);
}

// Storing the parameter's value into the block (the reverse direction).
void param_into_block(char *in) {
  char **p = malloc(sizeof(char *)); // expected-remark {{malloc(sizeof(char *)) does not escape: use a stack array 'char *p_storage[1]' (8 bytes) [cescape:heap-to-stack]}}
  *p = in;
  free(p);
}

// Assigning to the parameter variable itself: the parameter is a local of
// the callee, so nothing is stored through it, and only the assignment of
// the block reaches free(x).
void reassign_param(char *x) {
  x = malloc(36); // expected-remark {{malloc(36) does not escape: use a stack array '_Alignas(16) char x_storage[36]' (36 bytes) [cescape:heap-to-stack]}}
  x[0] = 0;
  free(x);
}

// A struct parameter passed by value is a local copy: storing into it is not
// a store through a parameter. free(o.buf) may free the caller's o.buf as
// far as a flow-insensitive analysis knows (conservative), hence (call).
void by_value_struct(struct out o) {
  o.buf = malloc(37); // expected-remark-re {{escapes (call): malloc(37) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  o.buf[0] = 0;
  free(o.buf);
}

// A by-value struct parameter that is not freed through: stays.
void by_value_struct_no_free(struct out o) {
  o.buf = malloc(38); // expected-remark-re {{malloc(38) does not escape: use a stack array '_Alignas(16) char buf_storage[38]' (38 bytes){{.*}} [cescape:heap-to-stack]}}
  o.buf[0] = 0;
  o.c = o.buf[0];
}

// Assigning to a by-value pointer parameter never reaches the caller.
void reassign_param_no_free(char *x) {
  x = malloc(39); // expected-remark {{malloc(39) does not escape: use a stack array '_Alignas(16) char x_storage[39]' (39 bytes) [cescape:heap-to-stack]}}
  x[0] = 0;
}
