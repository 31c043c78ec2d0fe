/* Same 128-byte buffer as null_checked.c without the null check. */
#include <stdlib.h>

int runtime_index(int k) {
  int *p = malloc(32 * sizeof(int));
  for (int i = 0; i < 32; i++)
    p[i] = i * k;
  int s = p[k & 31];
  free(p);
  return s;
}
