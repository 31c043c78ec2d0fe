// RUN: %cescape_verify -fplugin-arg-cescape-m -fplugin-arg-cescape-alloc=my_malloc:my_free -fplugin-arg-cescape-alloc=my_calloc:my_free -fplugin-arg-cescape-alloc=ctx_alloc:my_free -fplugin-arg-cescape-alloc=sized_calloc:my_free:1,2 -fplugin-arg-cescape-alloc=pool_alloc:my_free:2 -fplugin-arg-cescape-alloc=swapped:my_free:2,1 %s
// alloc=A:F takes A's first argument as the size only when A has the
// signature of malloc; a calloc-like or context-taking allocator's size is
// unknown: at most a small buffer. alloc=A:F:S names the size's arguments
// (1-based, like alloc_size): their product is the size, and a pointer
// where an integer is named leaves it unknown.
#include <libc.h>
void *my_malloc(size_t);
void *my_calloc(size_t, size_t);
struct ctx;
void *ctx_alloc(struct ctx *, size_t);
void my_free(void *);
void *sized_calloc(size_t, size_t);
void *pool_alloc(struct ctx *, size_t);
void *swapped(size_t, struct ctx *);

int sizes(struct ctx *c) {
  int *a = my_malloc(16 * sizeof(int)); // expected-remark {{my_malloc(16 * sizeof(int)) does not escape: use a stack array 'int a_storage[16] = {0}' (64 bytes) [cescape:heap-to-stack]}}
  int *v = my_calloc(16, sizeof(int)); // expected-remark-re {{my_calloc(16, sizeof(int)) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  char *t = ctx_alloc(c, 256); // expected-remark-re {{ctx_alloc(c, 256) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  int r = a[0] + v[15] + t[0];
  my_free(a);
  my_free(v);
  my_free(t);
  return r;
}

int sized(struct ctx *c, size_t n) {
  int *v = sized_calloc(16, sizeof(int)); // expected-remark {{sized_calloc(16, sizeof(int)) does not escape: use a stack array 'int v_storage[16] = {0}' (64 bytes) [cescape:heap-to-stack]}}
  char *t = pool_alloc(c, 256); // expected-remark {{pool_alloc(c, 256) does not escape: use a stack array '_Alignas(16) char t_storage[256] = {0}' (256 bytes) [cescape:heap-to-stack]}}
  char *u = pool_alloc(c, n); // expected-remark-re {{pool_alloc(c, n) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  char *w = swapped(8, c); // expected-remark-re {{swapped(8, c) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  int r = v[15] + t[0] + u[0] + w[0];
  my_free(v);
  my_free(t);
  my_free(u);
  my_free(w);
  return r;
}
