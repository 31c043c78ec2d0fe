/* Idiomatic null check: H2S sees an icmp on the pointer and gives up. */
#include <stdlib.h>

int null_checked(int k) {
  int *p = malloc(32 * sizeof(int));
  if (!p)
    return -1;
  for (int i = 0; i < 32; i++)
    p[i] = i * k;
  int s = p[k & 31];
  free(p);
  return s;
}
