#include <libc.h>
int walk_b(int depth);
int leaf_b(int x);
int ring_b(int depth);

// Calls b.c, which calls back: every level of the recursion would keep
// the array.
int walk_a(int depth) {
  char *p = malloc(64);
  p[0] = (char)depth;
  int r = depth ? walk_b(depth - 1) : 0;
  r += p[0];
  free(p);
  return r;
}

// Calls b.c, which does not call back.
int once_a(int x) {
  char *p = malloc(32);
  p[0] = (char)x;
  int r = leaf_b(p[0]);
  free(p);
  return r;
}

// a -> b -> c -> a.
int ring_a(int depth) {
  char *p = malloc(48);
  p[0] = (char)depth;
  int r = depth ? ring_b(depth - 1) : 0;
  r += p[0];
  free(p);
  return r;
}
