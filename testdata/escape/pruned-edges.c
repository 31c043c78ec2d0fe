// RUN: %cescape_verify -fplugin-arg-cescape-m %s
// RUN: %cescape_verify -fplugin-arg-cescape-m -O2 %s
//
// Clang's CFG keeps an edge it prunes (`do ... while (0)`, `while (1)`,
// `if (1)`, a `, 1` that is always true) as a null successor: the dataflow
// passes walk around it instead of crashing the user's compile (nano, bc,
// Lua, sqlite3.c).

#include <libc.h>
int get(void);
void use(long long);
void keep(int *);

int *g;

// Reaching definitions of p around a `while (1)` with a break.
void frees_after_loop(void) {
  char *p = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  while (1) {
    if (get())
      break;
  }
  free(p);
  p = malloc(9); // expected-remark-re {{malloc(9) does not escape{{.*}} [cescape:heap-to-stack]}}
  free(p);
}

// A local's address and a `do ... while (0)` macro body.
void do_while_zero(int d) {
  int n; // expected-warning-re {{address of local variable 'n' escapes its frame (global){{.*}} [cescape:dangling]}}
  do {
    g = &n; // expected-note {{the address escapes here (stored in a global)}}
  } while (0);
  if (d)
    n = 1;
}

// An always-true comma inside a condition.
void comma_true(double d) {
  long long n; // nothing
  if (d >= 0 && (*(&n) = (long long)d, 1))
    use(n);
}
// Positive control: the address stored in the condition, and no call after
// it (code cescape cannot see, like use(), might put g back).
void comma_true_stored(double d) {
  int n = 0; // expected-warning-re {{address of local variable 'n' escapes its frame (global){{.*}} [cescape:dangling]}}
  if (d >= 0 && (g = &n, 1)) // expected-note {{the address escapes here (stored in a global)}}
    n = 1;
}

// `for (;;)` whose only exit is a return.
int forever(void) {
  int x = 0; // nothing
  for (;;) {
    keep(&x);
    if (get())
      return x;
  }
}
// Positive control: the address stored in a global instead, and no call
// after it (get(), unseen, might put g back).
int forever_stored(int c) {
  int x = 0; // expected-warning-re {{address of local variable 'x' escapes its frame (global){{.*}} [cescape:dangling]}}
  for (;;) {
    g = &x; // expected-note {{the address escapes here (stored in a global)}}
    if (c)
      return x;
  }
}
