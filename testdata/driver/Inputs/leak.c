#include <stdlib.h>

int sum(int n) {
  int *a = malloc(16 * sizeof(int));
  int s = 0;
  for (int i = 0; i < 16; i++)
    a[i] = i * n;
  for (int i = 0; i < 16; i++)
    s += a[i];
  free(a);
  return s;
}

int *keep(void) { return malloc(4); }
