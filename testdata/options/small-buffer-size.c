// small-buffer=N sets the suggested buffer; max-stack=N the largest array.
// RUN: %cescape_verify -fplugin-arg-cescape-m -fplugin-arg-cescape-small-buffer=512 -fplugin-arg-cescape-max-stack=100 %s
#include <libc.h>

void f(size_t n) {
  char *a = malloc(n); // expected-remark-re {{malloc(n) does not escape but its size is not constant: use a 512-byte stack buffer{{.*}} [cescape:small-buffer]}}
  char *b = malloc(100); // expected-remark {{malloc(100) does not escape: use a stack array '_Alignas(16) char b_storage[100]' (100 bytes) [cescape:heap-to-stack]}}
  char *c = malloc(101); // expected-remark {{escapes (size): malloc(101) is 101 bytes, more than max-stack=100 [cescape:escape]}}
  a[0] = b[0] = c[0] = 0;
  free(a);
  free(b);
  free(c);
}
