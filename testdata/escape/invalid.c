// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// A translation unit with an error is not analysed: the compiler's error
// is the only diagnostic, even for functions that are fine by themselves
// (before or after the error).

#include <libc.h>
char *g_keep;

// Would be heap-to-stack in a valid file.
void fine_before(void) {
  char *p = malloc(16);
  p[0] = 0;
  free(p);
}

// Would be an escape in a valid file.
char *escapes_before(void) { return malloc(16); }

int broken(void) {
  char *p = malloc(32);
  return undeclared_thing + p[0]; // expected-error {{use of undeclared identifier 'undeclared_thing'}}
}

void fine_after(void) {
  char *p = malloc(64);
  g_keep = p;
}
