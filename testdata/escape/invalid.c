// RUN: %cescape_verify -fplugin-arg-cescape-m %s
// The positive control: the same file with the identifier declared is
// analysed, every function reported.
// RUN: %cescape_clang -fsyntax-only -fplugin-arg-cescape-m -DDECLARED %s 2>&1 | FileCheck %s --check-prefix=VALID
// VALID: invalid.c:19:13: remark: malloc(16) does not escape{{.*}} [cescape:heap-to-stack]
// VALID: invalid.c:25:37: remark: escapes (return): malloc(16){{.*}} [cescape:escape]
// VALID: invalid.c:31:13: remark: malloc(32) does not escape{{.*}} [cescape:heap-to-stack]
// VALID: invalid.c:36:13: remark: escapes (global): malloc(64){{.*}} [cescape:escape]
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

#ifdef DECLARED
int undeclared_thing;
#endif
int broken(void) {
  char *p = malloc(32);
  return undeclared_thing + p[0]; // expected-error {{use of undeclared identifier 'undeclared_thing'}}
}

void fine_after(void) {
  char *p = malloc(64);
  g_keep = p;
}
