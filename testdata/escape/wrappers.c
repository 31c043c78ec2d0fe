// RUN: %cescape_verify %s
// RUN: %cescape_verify -fplugin-arg-cescape-alloc=Curl_cmalloc:Curl_cfree -fplugin-arg-cescape-alloc=NEW:free -fplugin-arg-cescape-alloc=dupstr:free -DWITH_PAIRS %s
//
// The project's own allocators. A function whose result is always one fresh
// block from a known allocator, reachable from nothing else, allocates at
// its call sites (size from the argument that reaches the inner size); a
// function whose body only frees a parameter frees. Callees come first, so
// chains are followed. Everything else stays an ordinary call.

#include <libc.h>
// Reads the string only (the C library's strlen is modelled).
#define use(s) ((int)strlen(s))

//===----------------------------------------------------------------------===//
// Allocators.
//===----------------------------------------------------------------------===//

// git's xmalloc: allocate, die on failure.
static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p)
    abort();
  return p;
}
static void xfree(void *p) { free(p); }

int uses_xmalloc(void) {
  char *s = xmalloc(32); // expected-remark {{xmalloc(32) does not escape: use a stack array '_Alignas(16) char s_storage[32]' (32 bytes) [cescape:heap-to-stack]}}
  s[0] = 0;
  int r = use(s);
  xfree(s);
  return r;
}

// A chain: xnew -> xmalloc_or_die -> malloc, the size through both.
static void *xmalloc_or_die(size_t size) {
  void *p;
  p = malloc(size);
  if (p == 0) {
    use("out of memory");
    abort();
  }
  return p;
}
static void *xnew(size_t bytes) { return xmalloc_or_die(bytes); }
static void xdelete(void *p) { xfree(p); }

int uses_chain(void) {
  char *s = xnew(48); // expected-remark {{xnew(48) does not escape: use a stack array '_Alignas(16) char s_storage[48]' (48 bytes) [cescape:heap-to-stack]}}
  int r = use(s);
  xdelete(s);
  return r;
}

// calloc underneath: the stack array is zeroed.
static void *xcalloc(size_t count, size_t size) {
  return calloc(count, size);
}

int uses_xcalloc(void) {
  int *v = xcalloc(4, sizeof(int)); // expected-remark {{xcalloc(4, sizeof(int)) does not escape: use a stack array 'int v_storage[4] = {0}' (16 bytes) [cescape:heap-to-stack]}}
  return v[3];
}

// A constant size inside the wrapper.
struct node {
  int value;
  struct node *next;
};
static struct node *node_alloc(void) { return malloc(sizeof(struct node)); }

int uses_node_alloc(void) {
  struct node *n = node_alloc(); // expected-remark {{node_alloc() does not escape: use a stack array 'struct node n_storage[1]' (16 bytes) [cescape:heap-to-stack]}}
  n->value = 1;
  n->next = 0;
  return n->value;
}

// A constructor does more than allocate: the block could be on the stack,
// but a stack array in place of the call would lose the initialisation.
static struct node *node_new(int value) {
  struct node *n = malloc(sizeof *n);
  n->value = value;
  n->next = 0;
  return n;
}

int uses_node_new(void) {
  struct node *n = node_new(7); // expected-remark {{node_new(7) does not escape: its 16 bytes could live on the stack, but node_new() does more than allocate (no fix-it) [cescape:heap-to-stack]}}
  int v = n->value;
  free(n);
  return v;
}

// memset after the allocation: also more than allocating.
static void *zalloc(size_t n) {
  void *p = malloc(n);
  if (p)
    memset(p, 0, n);
  return p;
}

int uses_zalloc(void) {
  char *p = zalloc(64); // expected-remark {{zalloc(64) does not escape: its 64 bytes could live on the stack, but zalloc() does more than allocate (no fix-it) [cescape:heap-to-stack]}}
  return p[1];
}

// A size the wrapper computes from its parameter: not constant at the call.
static void *int_array(size_t n) { return malloc(n * sizeof(int)); }

int uses_int_array(void) {
  int *v = int_array(8); // expected-remark-re {{int_array(8) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  v[0] = 1;
  return v[0];
}

// A block the wrapper fills, of a size known only at run time: no buffer
// can stand in for the call.
static char *filled(size_t n) {
  char *p = malloc(n);
  if (p)
    memset(p, 'x', n);
  return p;
}

int uses_filled(size_t n) {
  char *p = filled(n); // expected-remark {{filled(n) does not escape but its size is not constant, and filled() does more than allocate (no fix-it) [cescape:small-buffer]}}
  int r = p[0];
  free(p);
  return r;
}

// A block that holds its own address (a list head pointing at itself, a
// back pointer from a block hung on it) is no wrapper's: the caller reads
// the block out of itself, which a fresh block at the call would not show.
struct ring {
  struct ring *next;
  struct owned *sub;
};
struct owned {
  struct ring *owner;
};
static struct ring *ring_new(void) {
  struct ring *h = malloc(sizeof *h);
  if (h)
    h->next = h;
  return h;
}
static struct ring *ring_with_owner(void) {
  struct ring *h = malloc(sizeof *h);
  if (!h)
    return 0;
  h->sub = malloc(sizeof *h->sub);
  h->sub->owner = h;
  return h;
}
struct ring *ring_through_itself(void) {
  struct ring *h = ring_new();
  return h->next;
}
struct ring *ring_through_owner(void) {
  struct ring *h = ring_with_owner();
  return h->sub->owner;
}

// The wrapper's block escapes in the caller: the caller's verdict.
char *keep;
void keeps_xmalloc(void) {
  keep = xmalloc(16); // nothing: escapes (global), printed with m only
}

char *returns_xmalloc(void) {
  return xmalloc(16); // nothing: escapes (return)
}

// A variable size at the call site.
int uses_xmalloc_variable(size_t n) {
  char *s = xmalloc(n); // expected-remark-re {{xmalloc(n) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  s[0] = 0;
  return use(s);
}

//===----------------------------------------------------------------------===//
// Not allocators: the result is not always one fresh block nobody else holds.
//===----------------------------------------------------------------------===//

// Also stores the block in a global.
char *last_block;
static char *tracked_alloc(size_t n) {
  char *p = malloc(n);
  last_block = p;
  return p;
}

int uses_tracked(void) {
  char *p = tracked_alloc(16); // nothing: not an allocation site
  return use(p);
}
// The twin, each case's: the same without what disqualifies it.
static char *untracked_alloc(size_t n) { return malloc(n); }
int uses_untracked(void) {
  char *p = untracked_alloc(16); // expected-remark-re {{untracked_alloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  return use(p);
}

// May return a parameter.
static char *alloc_or(char *fallback, size_t n) {
  char *p = malloc(n);
  return p ? p : fallback;
}

int uses_alloc_or(void) {
  char buf[16];
  char *p = alloc_or(buf, 16); // nothing
  return use(p);
}
static char *alloc_or_null(char *fallback, size_t n) {
  char *p = malloc(n);
  return p ? p : 0;
}
int uses_alloc_or_null(void) {
  char buf[16];
  char *p = alloc_or_null(buf, 16); // expected-remark-re {{alloc_or_null(buf, 16) does not escape{{.*}} [cescape:heap-to-stack]}}
  return use(p);
}

// May return a global pool.
static char pool[64];
static char *alloc_or_pool(size_t n) {
  char *p = malloc(n);
  if (!p)
    p = pool;
  return p;
}

int uses_alloc_or_pool(void) {
  char *p = alloc_or_pool(16); // nothing
  return use(p);
}
static char *alloc_or_abort(size_t n) {
  char *p = malloc(n);
  if (!p)
    abort();
  return p;
}
int uses_alloc_or_abort(void) {
  char *p = alloc_or_abort(16); // expected-remark-re {{alloc_or_abort(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  return use(p);
}

// Two allocation sites.
static char *either(int c) { return c ? malloc(8) : malloc(16); }

int uses_either(int c) {
  char *p = either(c); // nothing
  return use(p);
}
static char *one_of(int c) { return malloc(c ? 8 : 16); }
int uses_one_of(int c) {
  char *p = one_of(c); // expected-remark-re {{one_of(c) does not escape{{.*}} [cescape:small-buffer]}}
  return use(p);
}

// Stores a parameter into the block: the block carries the caller's
// pointer, so it is not a fresh allocation.
struct box {
  char *s;
};
static struct box *box_new(char *s) {
  struct box *b = malloc(sizeof *b);
  b->s = s;
  return b;
}

int uses_box(void) {
  char *s = malloc(8); // nothing: stored in the box, which is then kept
  struct box *b = box_new(s);
  keep = (char *)b;
  return 0;
}

// The twin: the box freed instead of kept.
int uses_box_freed(void) {
  char *s = malloc(8); // nothing: stored in the box
  struct box *b = box_new(s); // expected-remark {{box_new(s) does not escape: its 8 bytes could live on the stack, but box_new() does more than allocate (no fix-it) [cescape:heap-to-stack]}}
  free(b);
  free(s);
  return 0;
}

// Frees the block it returns.
static char *freed_and_returned(size_t n) {
  char *p = malloc(n);
  free(p);
  return p;
}

int uses_freed_and_returned(void) {
  char *p = freed_and_returned(8); // nothing
  return p != 0;
}
static char *returned_only(size_t n) {
  char *p = malloc(n);
  return p;
}
int uses_returned_only(void) {
  char *p = returned_only(8); // expected-remark-re {{returned_only(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  return p != 0;
}

// Recursive: not a wrapper.
static char *recursive_alloc(size_t n) {
  if (n > 64)
    return recursive_alloc(n / 2);
  return malloc(n);
}

int uses_recursive(void) {
  char *p = recursive_alloc(16); // nothing
  return use(p);
}
static char *capped_alloc(size_t n) {
  if (n > 64)
    n = 64;
  return malloc(n);
}
int uses_capped(void) {
  char *p = capped_alloc(16); // expected-remark-re {{capped_alloc(16) does not escape{{.*}} [cescape:small-buffer]}}
  return use(p);
}

// A weak definition may be replaced at link time.
__attribute__((weak)) char *weak_alloc(size_t n) { return malloc(n); }

int uses_weak(void) {
  char *p = weak_alloc(16); // nothing
  return use(p);
}
char *strong_alloc(size_t n) { return malloc(n); }
int uses_strong(void) {
  char *p = strong_alloc(16); // expected-remark-re {{strong_alloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  return use(p);
}

// realloc is not a fresh block.
static void *regrow(void *p, size_t n) { return realloc(p, n); }

int uses_regrow(void) {
  char *p = regrow(0, 16); // nothing
  return use(p);
}
static void *grow_fresh(size_t n) { return malloc(n); }
int uses_grow_fresh(void) {
  char *p = grow_fresh(16); // expected-remark-re {{grow_fresh(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  return use(p);
}

//===----------------------------------------------------------------------===//
// Deallocators.
//===----------------------------------------------------------------------===//

// `if (p) free(p)` and a guard are fine.
static void checked_free(void *p) {
  if (!p)
    return;
  free(p);
}
static void nullsafe_free(char *p) {
  if (p != 0)
    free(p);
}

int uses_checked_free(void) {
  char *a = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  char *b = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  int r = use(a) + use(b);
  checked_free(a);
  nullsafe_free(b);
  return r;
}

// The freed parameter need not be the first.
static void ctx_free(void *ctx, void *p) { free(p); }

int uses_ctx_free(void *ctx) {
  char *a = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  int r = use(a);
  ctx_free(ctx, a);
  return r;
}

// Does more than free: removing the call would lose the count.
static int live_blocks;
static void counted_free(void *p) {
  live_blocks--;
  free(p);
}

int uses_counted_free(void) {
  char *a = malloc(8); // nothing: escapes (call)
  int r = use(a);
  counted_free(a);
  return r;
}

// Frees what the parameter points to, and clears it.
static void free_and_clear(char **pp) {
  free(*pp);
  *pp = 0;
}

int uses_free_and_clear(void) {
  char *a = malloc(8); // nothing: escapes (call)
  int r = use(a);
  free_and_clear(&a);
  return r;
}

// Frees a parameter it changed first.
static void free_moved(char *p) {
  p = p - 8;
  free(p);
}

int uses_free_moved(void) {
  char *a = malloc(8); // nothing: escapes (call)
  free_moved(a + 8);
  return 0;
}

//===----------------------------------------------------------------------===//
// Clang's ownership attributes on declarations.
//===----------------------------------------------------------------------===//

void *own_alloc(size_t) __attribute__((ownership_returns(malloc, 1)));
void own_free(void *) __attribute__((ownership_takes(malloc, 1)));

int uses_ownership(void) {
  char *p = own_alloc(24); // expected-remark {{own_alloc(24) does not escape: use a stack array '_Alignas(16) char p_storage[24] = {0}' (24 bytes) [cescape:heap-to-stack]}}
  int r = use(p);
  own_free(p);
  return r;
}

//===----------------------------------------------------------------------===//
// alloc= pairs through a function-pointer hook (curl) and a macro.
//===----------------------------------------------------------------------===//

extern void *(*Curl_cmalloc)(size_t);
extern void (*Curl_cfree)(void *);
void *tracked_malloc(size_t, const char *, int);
#define NEW(T) ((T *)tracked_malloc(sizeof(T), __FILE__, __LINE__))

#ifdef WITH_PAIRS
int uses_hook(void) {
  char *p = Curl_cmalloc(40); // expected-remark {{Curl_cmalloc(40) does not escape: use a stack array '_Alignas(16) char p_storage[40] = {0}' (40 bytes) [cescape:heap-to-stack]}}
  int r = use(p);
  Curl_cfree(p);
  return r;
}

int uses_macro(void) {
  // Three arguments: which one is the size is not known.
  struct node *n = NEW(struct node); // expected-remark-re {{NEW(struct node) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  n->value = 2;
  int v = n->value;
  free(n);
  return v;
}
#else
// Without the pairs, the hook and the macro's function are unknown code.
int uses_hook(void) {
  char *p = Curl_cmalloc(40); // nothing
  int r = use(p);
  Curl_cfree(p);
  return r;
}

int uses_macro(void) {
  struct node *n = NEW(struct node); // nothing
  n->value = 2;
  int v = n->value;
  free(n);
  return v;
}
#endif

// A declared allocator whose one argument is not a size (a strdup): the
// size is not known.
#ifdef WITH_PAIRS
char *dupstr(const char *);
int uses_declared_strdup(void) {
  char *s = dupstr("abc"); // expected-remark-re {{dupstr("abc") does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  int n = use(s);
  free(s);
  return n;
}
#endif
