/* 1 KiB buffer: distinguishes the 128-byte and 4096-byte caps. */
#include <stdlib.h>

long mid_1k(int k) {
  long *p = malloc(128 * sizeof(long));
  for (int i = 0; i < 128; i++)
    p[i] = (long)i * k;
  long s = p[k & 127];
  free(p);
  return s;
}
