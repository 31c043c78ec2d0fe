/* aligned_alloc(64, 64): the stack array needs 64-byte alignment. */
#include <stdlib.h>

int aligned(int k) {
  int *p = aligned_alloc(64, 64);
  for (int i = 0; i < 16; i++)
    p[i] = i + k;
  int s = p[k & 15];
  free(p);
  return s;
}
