#include <stdlib.h>

int sum(int n) {
  int unused;
  int *a = malloc(8 * sizeof(int));
  for (int i = 0; i < 8; i++)
    a[i] = i * n;
  int s = a[0] + a[7];
  free(a);
  return s;
}
