#include <stdlib.h>

int total(int n) {
  // cescape:ignore[heap-to-stack]
  int *a = malloc(8 * sizeof(int));
  int s = 0;
  for (int i = 0; i < 8; i++)
    a[i] = i * n;
  for (int i = 0; i < 8; i++)
    s += a[i];
  free(a);
  return s;
}
