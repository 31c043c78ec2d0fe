// Without `m`, escaping allocations are not printed; with -w the dangling
// warning is silenced; -Werror leaves it a warning (the build must not
// break because of cescape) and the werror option makes it an error.
// RUN: %cescape_verify %s
// RUN: %cescape_clang -fsyntax-only -w %s 2>&1 | FileCheck %s --check-prefix=NOWARN
// NOWARN-NOT: dangling
// RUN: %cescape_clang -fsyntax-only -Werror %s 2>&1 | FileCheck %s --check-prefix=WERROR
// WERROR: warning: address of local variable 'x' escapes its frame (global){{.*}}[cescape:dangling]
// RUN: not %cescape_clang -fsyntax-only -fplugin-arg-cescape-werror %s 2>&1 | FileCheck %s --check-prefix=ASKED
// ASKED: error: address of local variable 'x' escapes its frame (global){{.*}}[cescape:dangling]
// The positive control of the silence without `m`: with it, escapes() is printed.
// RUN: %cescape_clang -fsyntax-only -fplugin-arg-cescape-m %s 2>&1 | FileCheck %s --check-prefix=WITHM
// WITHM: remark: escapes (global): malloc(8) is stored in a global{{.*}} [cescape:escape]
#include <libc.h>
char *g;
int *gp;

void escapes(void) { g = malloc(8); }

void stays(void) {
  char *p = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  free(p);
}

void dangles(void) {
  int x = 0; // expected-warning-re {{address of local variable 'x' escapes its frame (global){{.*}} [cescape:dangling]}}
  gp = &x; // expected-note {{the address escapes here}}
}
