/* realloc: H2S does not consider realloc'd memory. */
#include <stdlib.h>

int realloc_grow(int k) {
  int *p = malloc(4 * sizeof(int));
  p[0] = k;
  int *q = realloc(p, 8 * sizeof(int));
  q[7] = k;
  int s = q[0] + q[7];
  free(q);
  return s;
}
