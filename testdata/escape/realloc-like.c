// RUN: %cescape_verify -fplugin-arg-cescape-config=none -fplugin-arg-cescape-m %s
//
// A function that takes a block it may reallocate is never a fresh
// allocator, whatever its attributes say: gnulib's xalloc.h declares
// xrealloc with alloc_size alone (sed, gawk; reduced in
// shared/repros/real-code/realloc2.c). A stack array in its place would lose
// the block's contents and free a stack address.

#include <libc.h>

void *xrealloc(void *p, size_t s) __attribute__((alloc_size(2)));
void *xreallocarray(void *p, size_t n, size_t s) __attribute__((alloc_size(2, 3)));
char *xgrow(char *p, size_t s) __attribute__((malloc, alloc_size(2)));

int sum(const char *s) {
  size_t n = strlen(s);
  char *buf = xrealloc(0, 4); // nothing: not a fresh block
  strcpy(buf, "abc");
  buf = xrealloc(buf, n + 4); // keeps "abc"
  strcat(buf, s);
  int r = (int)strlen(buf);
  free(buf);
  return r;
}

int array(void) {
  int *v = xreallocarray(0, 4, sizeof *v); // nothing
  v[0] = 1;
  int r = v[0];
  free(v);
  return r;
}

// A pointer of the result's type is a block it may grow.
int grown(void) {
  char *p = xgrow(0, 8); // nothing
  p[0] = 0;
  int r = p[0];
  free(p);
  return r;
}

// The same declaration with the body visible: realloc inside.
void *vrealloc(void *p, size_t s) __attribute__((alloc_size(2)));
void *vrealloc(void *p, size_t s) {
  void *r = realloc(p, s); // expected-remark-re {{escapes (return): realloc(p, s) is returned to the caller{{.*}} [cescape:escape]}}
  if (!r && s)
    abort();
  return r;
}
int visible(void) {
  char *buf = vrealloc(0, 4); // nothing
  buf[0] = 0;
  int r = buf[0];
  free(buf);
  return r;
}

// ---- Positive controls: fresh allocators declared by attributes ----

void *xmalloc(size_t s) __attribute__((malloc, alloc_size(1)));
void *xmemdup(const void *p, size_t s) __attribute__((malloc, alloc_size(2)));
struct pool;
void *pool_alloc(struct pool *pool, size_t s) __attribute__((alloc_size(2)));

int fresh(void) {
  char *p = xmalloc(16); // expected-remark {{xmalloc(16) does not escape: use a stack array '_Alignas(16) char p_storage[16] = {0}' (16 bytes) [cescape:heap-to-stack]}}
  p[0] = 1;
  int r = p[0];
  free(p);
  return r;
}

// A const source is copied, never reallocated; but what it copies would not
// be in a stack array: no fix-it.
int copied(const char *s) {
  char *p = xmemdup(s, 8); // expected-remark {{xmemdup(s, 8) does not escape: its 8 bytes could live on the stack, but xmemdup() does more than allocate (no fix-it) [cescape:heap-to-stack]}}
  int r = p[0];
  free(p);
  return r;
}

// A context pointer of another type is not a block.
int pooled(struct pool *pool) {
  char *p = pool_alloc(pool, 8); // expected-remark {{pool_alloc(pool, 8) does not escape: its 8 bytes could live on the stack, but pool_alloc() does more than allocate (no fix-it) [cescape:heap-to-stack]}}
  int r = p[0];
  free(p);
  return r;
}
