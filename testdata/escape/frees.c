// RUN: %cescape_verify -Xclang -verify=expected,clang%llvm_major -fplugin-arg-cescape-m -fplugin-arg-cescape-alloc=xmalloc:xfree -fplugin-arg-cescape-alloc=pool_get:pool_put %s
// (clang<major>-warning: a Clang warning that Clang majors word differently.)
//
// Who frees a block. A stack array can replace an allocation only when the
// block is freed by nobody, or only by direct free() calls in the
// allocating function that free this block alone (the fix-it removes them).
// A block freed anywhere else (a helper, a call through a pointer, a
// free() that may free another block too, a cleanup function) escapes,
// reason (call). User allocator pairs given with alloc=A:F and externs
// declared __attribute__((malloc)) / alloc_size are allocators too.

#include <libc.h>

// User allocators (alloc= options on the RUN line).
void *xmalloc(size_t);
void xfree(void *);
void *pool_get(size_t);
void pool_put(void *);
// Not named by an option and not attributed: an ordinary extern.
void *plain_get(size_t);

// Attributed allocators.
void *my_alloc(size_t) __attribute__((malloc, alloc_size(1)));
void *my_array(size_t n, size_t size) __attribute__((malloc, alloc_size(1, 2)));
void *arena_alloc(void *arena, size_t n) __attribute__((alloc_size(2)));
struct arena;
void *typed_arena_alloc(struct arena *arena, size_t n)
    __attribute__((alloc_size(2)));
// malloc-like (returns fresh memory) but says nothing about its size: the
// block it returns is `length + 1` bytes long, filled with `fill`.
char *strnfill(size_t length, char fill) __attribute__((malloc));

static void release(void *p) { free(p); }
static void release_indirect(char **pp) { free(*pp); }
static void freep(void *pp) { free(*(void **)pp); }

//===----------------------------------------------------------------------===//
// free() in the allocating function.
//===----------------------------------------------------------------------===//

// Freed at the end of the function: stack.
size_t freed_here(void) {
  char *p = malloc(32); // expected-remark {{malloc(32) does not escape: use a stack array '_Alignas(16) char p_storage[32]' (32 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = strlen(p);
  free(p);
  return n;
}

// Never freed (a leak): the stack array fixes the leak too.
size_t leaked(void) {
  char *p = malloc(32); // expected-remark {{malloc(32) does not escape: use a stack array '_Alignas(16) char p_storage[32]' (32 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  return strlen(p);
}

// Freed on one path only.
size_t freed_conditionally(int c) {
  char *p = malloc(32); // expected-remark-re {{malloc(32) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = strlen(p);
  if (c)
    free(p);
  return n;
}

// Freed on every path, in several places.
size_t freed_on_each_path(int c) {
  char *p = malloc(32); // expected-remark-re {{malloc(32) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  if (c) {
    free(p);
    return 0;
  }
  size_t n = strlen(p);
  free(p);
  return n;
}

// Freed through an alias and through a cast.
void freed_through_alias(void) {
  char *p = malloc(32); // expected-remark-re {{malloc(32) does not escape{{.*}} [cescape:heap-to-stack]}}
  char *q = malloc(32); // expected-remark-re {{malloc(32) does not escape{{.*}} [cescape:heap-to-stack]}}
  char *alias = p;
  free(alias);
  free((void *)q);
}

// The pointer is either the block or NULL: free(NULL) is a no-op.
void freed_or_null(int c) {
  char *p = c ? malloc(16) : 0; // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  if (p)
    p[0] = 0;
  free(p);
}

// Either block may reach the free(): both stay on the heap.
void free_either_assigned(int c) {
  char *p = malloc(8); // expected-remark-re {{escapes (call): malloc(8) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  if (c)
    p = malloc(9); // expected-remark-re {{escapes (call): malloc(9) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  free(p);
}

// Its address is taken: the assignments cannot be followed any more.
void free_address_taken(void) {
  char *p = malloc(10); // expected-remark-re {{escapes (call): malloc(10){{.*}} [cescape:escape]}}
  char **pp = &p;
  free(p);
  *pp = malloc(11); // expected-remark-re {{escapes (call): malloc(11){{.*}} [cescape:escape]}}
  free(p);
}

// free(cond ? a : b) may free either block: both escape (call).
void free_either(int c) {
  char *a = malloc(16); // expected-remark-re {{escapes (call): malloc(16) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  char *b = malloc(16); // expected-remark-re {{escapes (call): malloc(16) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  a[0] = b[0] = 0;
  free(c ? a : b);
}

// A variable that may hold one of two blocks.
void free_merged(int c) {
  char *p;
  if (c)
    p = malloc(16); // expected-remark-re {{escapes (call): malloc(16){{.*}} [cescape:escape]}}
  else
    p = malloc(32); // expected-remark-re {{escapes (call): malloc(32){{.*}} [cescape:escape]}}
  p[0] = 0;
  free(p);
}

// One variable freed twice, holding a different block each time: the
// assignment that reaches each free() says which block it frees.
void free_reused_variable(void) {
  char *p = malloc(16); // expected-remark {{malloc(16) does not escape: use a stack array '_Alignas(16) char p_storage[16]' (16 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  free(p);
  p = malloc(32); // expected-remark {{malloc(32) does not escape: use a stack array '_Alignas(16) char p_storage2[32]' (32 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  free(p);
}

// Two blocks in two members of one local struct: each member has its own
// location, so each free() frees one known block.
struct pair {
  char *a, *b;
};
void free_struct_members(void) {
  struct pair t;
  t.a = malloc(8); // expected-remark {{malloc(8) does not escape: use a stack array '_Alignas(16) char buf_storage[8]' (8 bytes), declared beside 't' (no fix-it) [cescape:heap-to-stack]}}
  t.b = malloc(8); // expected-remark {{malloc(8) does not escape: use a stack array '_Alignas(16) char buf_storage2[8]' (8 bytes), declared beside 't' (no fix-it) [cescape:heap-to-stack]}}
  free(t.a);
  free(t.b);
}

// The same struct with its address taken: the members share its location
// again, and each free() may free either block.
void use_pair(struct pair *);
void free_struct_members_address_taken(void) {
  struct pair t;
  t.a = malloc(8); // expected-remark-re {{escapes (call): malloc(8){{.*}} [cescape:escape]}}
  t.b = malloc(8); // expected-remark-re {{escapes (call): malloc(8){{.*}} [cescape:escape]}}
  use_pair(&t);
  free(t.a);
  free(t.b);
}

// The small-buffer pattern: the pointer is a stack array or the block.
size_t free_unless_local(size_t n) {
  char local[64];
  char *p = n <= sizeof local ? local : malloc(n); // expected-remark-re {{escapes (call): malloc(n){{.*}} [cescape:escape]}}
  p[0] = 0;
  size_t r = strlen(p);
  if (p != local)
    free(p);
  return r;
}

// Freed in a loop body that runs once per block allocated in it.
void free_each_iteration(int n) {
  for (int i = 0; i < n; ++i) {
    char *p = malloc(16); // expected-remark {{malloc(16) does not escape: use a stack array '_Alignas(16) char p_storage[16]' (16 bytes) [cescape:heap-to-stack]}}
    p[0] = (char)i;
    free(p);
  }
}

//===----------------------------------------------------------------------===//
// Freed somewhere else: escapes (call).
//===----------------------------------------------------------------------===//

// A helper whose body only frees its parameter is a deallocator: the
// fix-it removes the call to it like a free().
void freed_by_helper(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  release(p);
}

// A helper frees what the argument points to.
void freed_by_helper_indirect(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  release_indirect(&p);
}

// A helper that frees it on one path only, and does nothing else, is a
// deallocator too: the call may go with the block.
static void maybe_release(char *p, int c) {
  if (c)
    free(p);
}

void freed_by_helper_maybe(int c) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  maybe_release(p, c);
}

// A cleanup function runs free(*&p) when p goes out of scope: the block is
// freed by another function, exactly as if freep(&p) were called there.
int freed_by_cleanup(void) {
  __attribute__((cleanup(freep))) char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16){{.*}} [cescape:escape]}}
  p[0] = 1;
  return p[0];
}

// free() through a function pointer of unknown value.
void freed_indirectly(void (*dealloc)(void *)) {
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16) is passed to a call through a function pointer{{.*}} [cescape:escape]}}
  dealloc(p);
}

// Freed in another function through a global.
char *g_pending;
void stash(void) {
  g_pending = malloc(16); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
}
void drain(void) {
  free(g_pending);
  g_pending = 0;
}

//===----------------------------------------------------------------------===//
// User allocators: alloc=xmalloc:xfree and alloc=pool_get:pool_put.
//===----------------------------------------------------------------------===//

// xmalloc/xfree are treated like malloc/free.
size_t user_pair(void) {
  char *p = xmalloc(32); // expected-remark {{xmalloc(32) does not escape: use a stack array '_Alignas(16) char p_storage[32] = {0}' (32 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = strlen(p);
  xfree(p);
  return n;
}

// An xmalloc'd block that escapes.
char *user_pair_returned(void) {
  return xmalloc(32); // expected-remark-re {{escapes (return): xmalloc(32) is returned to the caller{{.*}} [cescape:escape]}}
}

// An xmalloc'd block freed by a helper.
static void user_release(char *p) { xfree(p); }
void user_pair_helper(void) {
  char *p = xmalloc(32); // expected-remark-re {{xmalloc(32) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  user_release(p);
}

// Variable size.
void user_pair_variable(size_t n) {
  char *p = xmalloc(n); // expected-remark-re {{xmalloc(n) does not escape but its size is not constant: use a 256-byte stack buffer{{.*}} [cescape:small-buffer]}}
  xfree(p);
}

// A second pair on the same command line.
void second_pair(void) {
  char *p = pool_get(64); // expected-remark {{pool_get(64) does not escape: use a stack array '_Alignas(16) char p_storage[64] = {0}' (64 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  pool_put(p);
}

// A function that is neither named by an option nor attributed is not an
// allocator: nothing to report, and what it returns is not tracked.
void not_an_allocator(void) {
  char *p = plain_get(64);
  p[0] = 0;
}
// Positive control: the same with pool_get, named by alloc=.
void named_allocator(void) {
  char *p = pool_get(64); // expected-remark-re {{pool_get(64) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
}

//===----------------------------------------------------------------------===//
// Attributed allocators.
//===----------------------------------------------------------------------===//

// __attribute__((malloc, alloc_size(1))): size from argument 1.
size_t attributed(void) {
  char *p = my_alloc(48); // expected-remark {{my_alloc(48) does not escape: use a stack array '_Alignas(16) char p_storage[48] = {0}' (48 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = strlen(p);
  free(p);
  return n;
}

// alloc_size(1, 2): count * size.
int attributed_array(void) {
  int *v = my_array(6, sizeof(int)); // expected-remark {{my_array(6, sizeof(int)) does not escape: use a stack array 'int v_storage[6] = {0}' (24 bytes) [cescape:heap-to-stack]}}
  v[5] = 1;
  int r = v[5];
  free(v);
  return r;
}

// alloc_size on the second parameter, but the first is a `void *` it may
// reallocate (gnulib's xrealloc looks the same): not a fresh block
// (realloc-like.c).
int attributed_arena(void *arena) {
  char *p = arena_alloc(arena, 40); // nothing
  p[0] = 0;
  return p[0];
}
// Positive control: the first parameter points to a struct, not a block.
int attributed_typed_arena(struct arena *arena) {
  char *p = typed_arena_alloc(arena, 40); // expected-remark-re {{typed_arena_alloc(arena, 40) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  return p[0];
}

// An attributed allocation that escapes.
void *g_obj;
void attributed_escapes(void) {
  g_obj = my_alloc(16); // expected-remark-re {{escapes (global): my_alloc(16) is stored in a global{{.*}} [cescape:escape]}}
}

// __attribute__((malloc)) without alloc_size says nothing about the size:
// the first argument is not a byte count (strnfill returns length + 1
// bytes), so no stack array of a guessed size.
int attributed_no_size(void) {
  char *s = strnfill(8, 'x'); // expected-remark-re {{strnfill(8, 'x') does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  int r = s[8];
  free(s);
  return r;
}

// An assignment inside __builtin_assume never runs: the free() below cannot
// be credited to it, so neither block is rewritten.
void assigned_unevaluated(int n) {
  char *v = malloc(16); // expected-remark-re {{escapes (call): malloc(16){{.*}} [cescape:escape]}}
  v[0] = 0;
  __builtin_assume((v = malloc(n)) != 0); // expected-remark-re {{escapes (call): malloc(n){{.*}} [cescape:escape]}} clang19-warning {{assumption is ignored}} clang14-warning {{the argument to '__builtin_assume' has side effects that will be discarded}} clang15-warning {{the argument to '__builtin_assume' has side effects that will be discarded}} clang16-warning {{the argument to '__builtin_assume' has side effects that will be discarded}}
  free(v);
}
