// RUN: %cescape_verify -Xclang -verify=expected,clang%llvm_major -fplugin-arg-cescape-m %s
// (clang<major>-warning: a Clang warning that Clang majors word differently.)
//
// A local's address that certainly outlives its frame is a dangling pointer:
// a `dangling` warning at the local's declaration and a note where the
// address escapes (returned, stored in a global, stored through a
// parameter, stored in escaping memory). Handing the address to an unknown
// function, a thread, or a local is not reported.

#include <stdint.h>

#include <libc.h>
#include <pthread-stub.h>
void ext(int *);

struct r {
  int *p;
};
struct s {
  int a, b;
};

int *gp;
int g;
struct r gr;

// return &x
int *return_address(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (return): it is returned to the caller [cescape:dangling]}}
  return &x; // expected-warning {{address of stack memory associated with local variable 'x' returned}} expected-note {{the address escapes here (returned)}}
}

// Returned through an alias of the address.
int *return_alias(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (return): it is returned to the caller [cescape:dangling]}}
  int *p = &x;
  return p; // expected-note {{the address escapes here (returned)}}
}

// Returned through a chain of locals, one of them set through a pointer.
int *return_via_ptr_to_local(void) {
  int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (return){{.*}} [cescape:dangling]}}
  int *q;
  int **qq = &q;
  *qq = &x;
  return q; // expected-note {{the address escapes here (returned)}}
}

// Both arms of a ?: are local addresses.
int *return_conditional(int c) {
  int x = 1, y = 2; // expected-warning-re {{address of local variable 'x' escapes its frame (return){{.*}} [cescape:dangling]}} expected-warning-re {{address of local variable 'y' escapes its frame (return){{.*}} [cescape:dangling]}}
  return c ? &x : &y; // expected-warning 2 {{address of stack memory associated with local variable}} expected-note 2 {{the address escapes here (returned)}}
}

// A local array decays to its address.
char *return_array(void) {
  char buf[16]; // expected-warning-re {{address of local variable 'buf' escapes its frame (return){{.*}} [cescape:dangling]}}
  buf[0] = 0;
  return buf; // expected-warning {{address of stack memory associated with local variable 'buf' returned}} expected-note {{the address escapes here (returned)}}
}

// Pointer arithmetic on a local array.
char *return_array_plus(void) {
  char buf[16]; // expected-warning-re {{address of local variable 'buf' escapes its frame (return){{.*}} [cescape:dangling]}}
  buf[1] = 0;
  char *p = buf + 1;
  return p; // expected-note {{the address escapes here (returned)}}
}

// The address of a member of a local struct.
int *return_member(void) {
  struct s s = {1, 2}; // expected-warning-re {{address of local variable 's' escapes its frame (return){{.*}} [cescape:dangling]}}
  return &s.b; // expected-warning {{address of stack memory associated with local variable 's' returned}} expected-note {{the address escapes here (returned)}}
}

// The address of an element of a local array.
int *return_element(void) {
  int arr[4] = {0}; // expected-warning-re {{address of local variable 'arr' escapes its frame (return){{.*}} [cescape:dangling]}}
  return &arr[2]; // expected-warning {{address of stack memory associated with local variable 'arr' returned}} expected-note {{the address escapes here (returned)}}
}

// The address of a parameter.
int *return_param_address(int x) { // expected-warning {{address of parameter 'x' escapes its frame (return): it is returned to the caller [cescape:dangling]}}
  return &x; // expected-warning {{address of stack memory associated with parameter 'x' returned}} expected-note {{the address escapes here (returned)}}
}

// The address of a compound literal (automatic storage at block scope).
int *return_compound_literal(void) {
  return &(int){5}; // clang19-warning {{address of stack memory associated with compound literal}} expected-warning {{address of (int){5} escapes its frame (return): it is returned to the caller [cescape:dangling]}} expected-note {{the address escapes here (returned)}}
}

// An array compound literal through a local pointer.
int *return_array_compound_literal(void) {
  int *p = (int[]){1, 2}; // expected-warning-re {{address of (int[]){1, 2} escapes its frame (return){{.*}} [cescape:dangling]}}
  return p; // expected-note {{the address escapes here (returned)}}
}

// Stored in a struct returned by value.
struct r return_in_struct(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (return): it is returned to the caller [cescape:dangling]}}
  struct r r;
  r.p = &x;
  return r; // expected-note {{the address escapes here (returned)}}
}

// Returned through a static helper that returns its argument.
static int *identity(int *p) { return p; }
int *return_via_identity(void) {
  int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (return){{.*}} [cescape:dangling]}}
  return identity(&x); // expected-note {{the address escapes here (returned)}}
}

// Stored in a global.
void store_global(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  gp = &x; // expected-note {{the address escapes here (stored in a global)}}
}

// Stored in a global through a local alias.
void store_global_alias(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  int *p = &x;
  gp = p; // expected-note {{the address escapes here (stored in a global)}}
}

// Stored in a field of a global struct.
void store_global_field(void) {
  int arr[2]; // expected-warning {{address of local variable 'arr' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  gr.p = arr; // expected-note {{the address escapes here (stored in a global)}}
}

// Stored in a static local.
void store_static_local(void) {
  static int *last;
  int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (global){{.*}} [cescape:dangling]}}
  last = &x; // expected-note {{the address escapes here (stored in a global)}}
}

// A local struct holding the address is copied to a global.
void store_struct_global(void) {
  int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (global){{.*}} [cescape:dangling]}}
  struct r r;
  r.p = &x;
  gr = r; // expected-note {{the address escapes here (stored in a global)}}
}

// Stored in a global by a static helper with a body: its summary says it
// keeps its parameter, and nothing takes the address back before the
// return (dangling-callee.c).
static void keep(int *p) { gp = p; }
void store_global_in_callee(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (call): it is kept by keep() after the call returns [cescape:dangling]}}
  keep(&x); // expected-note {{the address escapes here (kept by keep())}}
}

// *out = &x
void store_through_param(int **out) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
  *out = &x; // expected-note {{the address escapes here (stored through a parameter)}}
}

// out->p = &x
void store_through_param_field(struct r *out) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
  out->p = &x; // expected-note {{the address escapes here (stored through a parameter)}}
}

// out[1] = arr (array decay)
void store_array_through_param(int **out) {
  int arr[3] = {0}; // expected-warning {{address of local variable 'arr' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
  out[1] = arr; // expected-note {{the address escapes here (stored through a parameter)}}
}

// Stored in a heap block that is returned.
struct r *store_in_escaping_block(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (heap): it is stored in memory that escapes [cescape:dangling]}}
  struct r *n = malloc(sizeof *n); // expected-remark-re {{escapes (return): malloc(sizeof *n) is returned to the caller{{.*}} [cescape:escape]}}
  n->p = &x; // expected-note {{the address escapes here (stored in memory that escapes)}}
  return n;
}

// Stored through a parameter by a static helper with a body.
static void set(int **o, int *v) { *o = v; }
void store_through_param_in_callee(int **out) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
  set(out, &x); // expected-note {{the address escapes here (stored through a parameter)}}
}

// A local struct holding the address is stored through a parameter.
void store_struct_through_param(struct r *out) {
  int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (param){{.*}} [cescape:dangling]}}
  struct r r;
  r.p = &x;
  *out = r; // expected-note {{the address escapes here (stored through a parameter)}}
}

// The pointer's bytes are copied into a global with memcpy.
void memcpy_to_global(void) {
  int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (global){{.*}} [cescape:dangling]}}
  int *p = &x;
  memcpy(&gp, &p, sizeof p); // expected-note {{the address escapes here (stored in a global)}}
}

// Laundered through intptr_t on the way out.
int *return_via_intptr(void) {
  int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (return){{.*}} [cescape:dangling]}}
  return (int *)(intptr_t)&x; // expected-warning {{address of stack memory associated with local variable 'x' returned}} expected-note {{the address escapes here (returned)}}
}

// Returned from an inner block.
int *return_from_inner_block(int c) {
  if (c) {
    int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (return){{.*}} [cescape:dangling]}}
    return &x; // expected-warning {{address of stack memory associated with local variable 'x' returned}} expected-note {{the address escapes here (returned)}}
  }
  return 0;
}

// A helper returns one of two arguments: the local's address may be it.
static int *pick(int *a, int *b, int c) { return c ? a : b; }
int *return_via_pick(int c) {
  int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (return){{.*}} [cescape:dangling]}}
  static int y;
  return pick(&x, &y, c); // expected-note {{the address escapes here (returned)}}
}

// Stored in a global through a local pointer to that global.
void store_global_via_ptr(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  int **pp = &gp;
  *pp = &x; // expected-note {{the address escapes here (stored in a global)}}
}

// Stored in a global struct's field through a local pointer to it.
void store_global_field_via_ptr(void) {
  int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (global){{.*}} [cescape:dangling]}}
  struct r *rp = &gr;
  rp->p = &x; // expected-note {{the address escapes here (stored in a global)}}
}

// Stored through a local copy of the parameter.
void store_through_param_copy(int **out) {
  int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (param){{.*}} [cescape:dangling]}}
  int **o = out;
  *o = &x; // expected-note {{the address escapes here (stored through a parameter)}}
}

// One arm of a ?: stored in a global.
void store_global_conditional(int c) {
  int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (global){{.*}} [cescape:dangling]}}
  gp = c ? &x : 0; // expected-note {{the address escapes here (stored in a global)}}
}

// ---- Silent: the address stays within the frame, or is not certain to ----

// Passed to an unknown function: it may only use it during the call
// (twin: store_global_in_callee()).
void to_extern(void) {
  int x = 1;
  ext(&x);
}

// Stored in a local pointer (twin: return_alias()).
int in_local_pointer(void) {
  int x = 1;
  int *p = &x;
  *p = 2;
  return x;
}

// Stored in a local struct that is only read (twin: return_in_struct()).
int in_local_struct(void) {
  int x = 1;
  struct r h;
  h.p = &x;
  return *h.p;
}

// Passed to a function with a body that only reads through it (twin:
// store_global_in_callee()).
static int reader(const int *p) { return *p + 1; }
int to_reader(void) {
  int x = 1;
  return reader(&x);
}

// Handed to a thread that is joined (twin: dangling-thread.c's
// joined_sometimes()).
static void *worker(void *arg) { return arg; }
void to_thread(void) {
  int x = 1;
  pthread_t t;
  pthread_create(&t, 0, worker, &x);
  pthread_join(t, 0);
}

// Stored in a heap block that does not escape (twin:
// store_in_escaping_block()).
int in_local_block(void) {
  int x = 1;
  int **box = malloc(sizeof *box); // expected-remark {{malloc(sizeof *box) does not escape: use a stack array 'int *box_storage[1]' (8 bytes) [cescape:heap-to-stack]}}
  *box = &x;
  int r = **box;
  free(box);
  return r;
}

// The address of a static local outlives the call (twin: return_address()).
int *static_local(void) {
  static int x;
  return &x;
}

// The address of a static local stored through a parameter (twin:
// store_through_param()).
void static_local_through_param(int **out) {
  static int x;
  *out = &x;
}

// The address of a global (twin: return_address()).
int *global_address(void) { return &g; }

// The local's value, not its address, is returned and stored (twin:
// store_through_param()).
int value_only(int **out) {
  int x = 3;
  int *p = &x;
  gp = 0;
  **out = *p;
  return *p;
}

// The save-and-restore idiom of linked frames (Lua's errorJmp): the address
// is stored through a parameter and the old value put back before return.
// Flow-insensitive points-to cannot see the restore; it is not reported.
struct frame_jmp {
  int status;
};
struct frame_state {
  struct frame_jmp *error_jmp;
  int *slot;
};
void protected_call(struct frame_state *S, void (*f)(struct frame_state *)) {
  struct frame_jmp lj;
  struct frame_jmp *old = S->error_jmp;
  S->error_jmp = &lj;
  f(S);
  S->error_jmp = old;
}

// The same lvalue restored for a global.
int *g_restored;
void global_restored(void) {
  int y = 0;
  int *old = g_restored;
  g_restored = &y;
  g_restored = old;
}

// Never restored: reported.
void stored_for_good(struct frame_state *S) {
  int x = 0; // expected-warning-re {{address of local variable 'x' escapes its frame (param){{.*}} [cescape:dangling]}}
  S->slot = &x; // expected-note {{the address escapes here}}
}

// Restored on one path only: a return comes between, so it is reported.
char *g_early;
void restored_on_one_path(int c) {
  char buf[8]; // expected-warning-re {{address of local variable 'buf' escapes its frame (global){{.*}} [cescape:dangling]}}
  buf[0] = 0;
  if (c) {
    g_early = buf; // expected-note {{the address escapes here}}
    return;
  }
  g_early = 0;
}
