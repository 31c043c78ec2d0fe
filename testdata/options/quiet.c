// Without `m`, escaping allocations are not printed; with -w the dangling
// warning is silenced; -Werror leaves it a warning (the build must not
// break because of cescape) and the werror option makes it an error.
// RUN: %cescape_verify %s
// RUN: %clang -fsyntax-only -fplugin=%plugin -w %s 2>&1 | FileCheck %s --check-prefix=NOWARN
// NOWARN-NOT: dangling
// RUN: %clang -fsyntax-only -fplugin=%plugin -Werror %s 2>&1 | FileCheck %s --check-prefix=WERROR
// WERROR: warning: address of local variable 'x' escapes its frame (global){{.*}}[cescape:dangling]
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-werror %s 2>&1 | FileCheck %s --check-prefix=ASKED
// ASKED: error: address of local variable 'x' escapes its frame (global){{.*}}[cescape:dangling]
typedef unsigned long size_t;
void *malloc(size_t);
void free(void *);
char *g;
int *gp;

void escapes(void) { g = malloc(8); }

void stays(void) {
  char *p = malloc(8); // expected-remark {{heap-to-stack}}
  p[0] = 0;
  free(p);
}

void dangles(void) {
  int x = 0; // expected-warning {{address of local variable 'x' escapes its frame (global)}}
  gp = &x; // expected-note {{the address escapes here}}
}
