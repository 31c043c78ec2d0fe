// RUN: %cescape_verify -fplugin-arg-cescape-config=none %s
// RUN: %cescape_verify -fplugin-arg-cescape-config=none -O2 -D_FORTIFY_SOURCE=2 %s
//
// sed, reduced (shared/repros/real-code/dang6.c): a length computed as a
// pointer difference into a local buffer is added to a global. Truth:
// nothing dangles (a distance between two addresses is no address).
#include <stddef.h>
static size_t total;
static void add(size_t n) { total += n; }
void f(const char *s) {
  char buf[16];
  char *p = buf;
  while (*s && p < buf + sizeof buf) *p++ = *s++;
  size_t n = (size_t)(p - buf); /* a length, computed by pointer difference */
  add(n);
}

// Positive control: the end pointer itself.
static char *end;
static void keep(char *e) { end = e; }
void g(const char *s) {
  char buf[16]; // expected-warning {{address of local variable 'buf' escapes its frame (call): it is kept by keep() after the call returns [cescape:dangling]}}
  char *p = buf;
  while (*s && p < buf + sizeof buf) *p++ = *s++;
  keep(p); // expected-note {{the address escapes here (kept by keep())}}
}
