#include <stdlib.h>

int probe(void) {
  int *a = malloc(2 * sizeof(int));
  a[0] = 1;
  int v = a[0];
  free(a);
  return v;
}
