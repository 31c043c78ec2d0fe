#include <libc.h>
int ring2(int depth);

// Static, but on the cycle ring1 -> step -> ring2 -> ring1.
static int step(int depth) {
  char *p = malloc(8);
  p[0] = (char)depth;
  int r = depth ? ring2(depth - 1) : 0;
  r += p[0];
  free(p);
  return r;
}

int ring1(int depth) { return step(depth); }

// Calls ring2 too, but is on no cycle: nothing calls it.
int outside(void) {
  char *p = malloc(8);
  p[0] = 0;
  int r = ring2(p[0]);
  free(p);
  return r;
}
