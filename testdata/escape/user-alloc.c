// RUN: %cescape_verify -fplugin-arg-cescape-m -fplugin-arg-cescape-alloc=my_malloc:my_free -fplugin-arg-cescape-alloc=my_calloc:my_free -fplugin-arg-cescape-alloc=ctx_alloc:my_free %s
// alloc=A:F takes A's first argument as the size only when A has the
// signature of malloc; a calloc-like or context-taking allocator's size is
// unknown: at most a small buffer.
typedef unsigned long size_t;
void *my_malloc(size_t);
void *my_calloc(size_t, size_t);
struct ctx;
void *ctx_alloc(struct ctx *, size_t);
void my_free(void *);

int sizes(struct ctx *c) {
  int *a = my_malloc(16 * sizeof(int)); // expected-remark {{my_malloc(16 * sizeof(int)) does not escape: use a stack array 'int a_storage[16] = {0}' (64 bytes)}}
  int *v = my_calloc(16, sizeof(int)); // expected-remark {{my_calloc(16, sizeof(int)) does not escape but its size is not constant}}
  char *t = ctx_alloc(c, 256); // expected-remark {{ctx_alloc(c, 256) does not escape but its size is not constant}}
  int r = a[0] + v[15] + t[0];
  my_free(a);
  my_free(v);
  my_free(t);
  return r;
}
