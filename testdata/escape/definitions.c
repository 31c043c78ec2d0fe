// RUN: %cescape_verify -fplugin-arg-cescape-m %s
// A reassigned pointer is read flow-sensitively: a read sees the
// definitions that reach it (ReachingDefs over Clang's CFG), so a local
// that first holds a parameter and later a fresh block keeps them apart.
// Where the definitions that reach a read cannot all be followed (the
// address taken, `p += n`, too many), the read sees every value the
// variable ever holds, as before.
#include <libc.h>

char *g_keep;

// The parameter is kept; the block that replaces it is freed.
void param_then_block(char *in) {
  char *p = in;
  g_keep = p;
  p = malloc(200); // expected-remark-re {{malloc(200) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  free(p);
}

// The twin: the block is kept.
void block_then_keep(char *in) {
  char *p = in;
  p[0] = 0;
  p = malloc(201); // expected-remark-re {{escapes (global): malloc(201) is stored in a global{{.*}} [cescape:escape]}}
  g_keep = p;
}

// On one path the block reaches the store.
void maybe_block(char *in, int fresh) {
  char *p = in;
  if (fresh)
    p = malloc(202); // expected-remark-re {{escapes (global): malloc(202) is stored in a global{{.*}} [cescape:escape]}}
  g_keep = p;
}

// A read at the top of a loop sees the previous pass's definition.
void previous_pass(int n) {
  char *prev = 0;
  for (int i = 0; i < n; i++) {
    g_keep = prev;
    prev = malloc(203); // expected-remark-re {{escapes ({{global|loop}}): malloc(203){{.*}} [cescape:escape]}}
  }
}

// The same through a backward goto.
void previous_goto(int n) {
  char *p = 0;
again:
  g_keep = p;
  p = malloc(204); // expected-remark-re {{escapes ({{global|loop}}): malloc(204){{.*}} [cescape:escape]}}
  if (--n)
    goto again;
}

// The value of an assignment is what it assigns.
void assignment_value(char *in) {
  char *p = in;
  g_keep = (p = malloc(205)); // expected-remark-re {{escapes (global): malloc(205) is stored in a global{{.*}} [cescape:escape]}}
}

// `p += n` is a definition the dataflow does not follow: reads after it see
// everything p held.
void moved_on(char *in) {
  char *p = malloc(206); // expected-remark-re {{escapes (global): malloc(206) is stored in a global{{.*}} [cescape:escape]}}
  p += 1;
  g_keep = p;
  p = in;
}

// Its address taken, p is one location: the parameter's store keeps the
// block too (sound, not precise).
void address_taken(char *in) {
  char *p = in;
  char **pp = &p;
  g_keep = *pp;
  p = malloc(207); // expected-remark-re {{escapes (global): malloc(207) is stored in a global{{.*}} [cescape:escape]}}
  free(p);
}

// The positive control of address_taken: without the alias, precise.
void no_alias(char *in) {
  char *p = in;
  g_keep = p;
  p = malloc(208); // expected-remark-re {{malloc(208) does not escape{{.*}} [cescape:heap-to-stack]}}
  free(p);
}

// A block kept in a stand-in's place: the read after the join sees both.
char *standin(int fail) {
  char fallback[8]; // expected-warning {{address of local variable 'fallback' escapes its frame (return): it is returned to the caller [cescape:dangling]}}
  char *p = malloc(209); // expected-remark-re {{escapes (return): malloc(209){{.*}} [cescape:escape]}}
  if (fail)
    p = fallback;
  return p; // expected-note {{the address escapes here (returned)}}
}
