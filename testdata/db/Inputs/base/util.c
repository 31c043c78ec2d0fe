#include <libc.h>
char *keep;

int helper(int n) {
  char *t = malloc(16);
  t[0] = (char)n;
  int r = t[0];
  free(t);
  return r;
}

void store(void) { keep = malloc(8); }

int old_scratch(void) {
  int *v = malloc(4 * sizeof(int));
  v[0] = 3;
  int r = v[0];
  free(v);
  return r;
}
