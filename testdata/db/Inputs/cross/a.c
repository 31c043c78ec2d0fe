// Calls into b.c: their verdicts depend on b.c's summaries.
#include <libc.h>
void keep(char *);
void *xalloc(unsigned long);
void xrelease(void *);
int ping(char *p, int n);
int pong(char *p, int n);
char *saved;

// keep() only writes through its argument: stack.
int reads(void) {
  char *p = malloc(8);
  keep(p);
  free(p);
  return 0;
}

// xalloc/xrelease wrap malloc/free in the other unit.
int wrapped(void) {
  char *q = xalloc(24);
  q[0] = 1;
  xrelease(q);
  return 0;
}

// stash() keeps its argument in a global: heap.
void stash(char *p);
int stashed(void) {
  char *s = malloc(4);
  stash(s);
  return 0;
}

// ping and pong call each other across the units: without a summary
// either way, the argument escapes.
int recursive(void) {
  char *r = malloc(16);
  r[0] = 0;
  return ping(r, 3);
}
int pong(char *p, int n) { return n ? ping(p, n - 1) : p[0]; }
