// RUN: %cescape_verify -fplugin-arg-cescape-config=none %s
// RUN: %cescape_verify -fplugin-arg-cescape-config=none -O2 -D_FORTIFY_SOURCE=2 %s
//
// sed, reduced (shared/repros/real-code/dang7.c): dang6.c in a file that
// converts a pointer to an integer (an alignment test), where integers may
// carry pointers; a pointer difference still carries none. Truth: nothing
// dangles.
#include <stddef.h>
#include <stdint.h>
int aligned(const void *q) { return ((uintptr_t)q & 7) == 0; } /* any pointer->integer cast in the file */
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
