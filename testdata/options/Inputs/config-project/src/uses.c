// Compiled from the tests in ../../../config.test; its expectations depend
// on the .cescape above it.
#include <libc.h>
void *xmalloc(size_t);
void xfree(void *);
extern void *(*Curl_cmalloc)(size_t);
extern void (*Curl_cfree)(void *);

size_t declared_pair(void) {
  char *p = xmalloc(32); // expected-remark {{xmalloc(32) does not escape: use a stack array '_Alignas(16) char p_storage[32] = {0}' (32 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = strlen(p);
  xfree(p);
  return n;
}

size_t hook_pair(void) {
  char *p = Curl_cmalloc(40); // expected-remark-re {{Curl_cmalloc(40) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = strlen(p);
  Curl_cfree(p);
  return n;
}

// More than max-stack=64 from the file (nothing printed without m).
size_t big(void) {
  char *p = xmalloc(128);
  p[0] = 0;
  size_t n = strlen(p);
  xfree(p);
  return n;
}
