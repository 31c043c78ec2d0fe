#include <libc.h>
char *keep;

/* Many lines were added above the functions: findings moved. */








int helper(int n) {
  char *t = malloc(16);
  t[0] = (char)n;
  int r = t[0];
  free(t);
  return r;
}

/* Renamed; it allocates nothing. */
void store_it(void) {}
void store(void) { keep = malloc(8); }

/* old_scratch() is gone; a new scratch buffer came: */
int new_scratch(void) {
  char *w = malloc(32);
  w[0] = 1;
  int r = w[0];
  free(w);
  return r;
}

int ignored(void) {
  char *x = malloc(12); // cescape:ignore[heap-to-stack] this one stays on the heap
  x[0] = 0;
  free(x);
  return 0;
}
