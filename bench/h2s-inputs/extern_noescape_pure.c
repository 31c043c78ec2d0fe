/* Passed to an extern declared noescape + pure: H2S needs nocapture AND
   nofree; pure supplies nofree. */
#include <stdlib.h>

extern int inspect(__attribute__((noescape)) const int *q) __attribute__((pure));

int extern_noescape_pure(void) {
  int *p = malloc(8 * sizeof(int));
  for (int i = 0; i < 8; i++)
    p[i] = i;
  int r = inspect(p);
  free(p);
  return r;
}
