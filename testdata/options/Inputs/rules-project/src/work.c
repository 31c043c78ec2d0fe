#include <stdlib.h>

int work(int n) {
  int *a = malloc(4 * sizeof(int));
  a[0] = n;
  int v = a[0];
  free(a);
  return v;
}

int *keep(void) { return malloc(8); }
