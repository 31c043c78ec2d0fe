/* 4 KiB buffer: over H2S's default 128-byte cap, within 4096. */
#include <stdlib.h>

int big_4k(int k) {
  char *p = malloc(4096);
  for (int i = 0; i < 4096; i++)
    p[i] = (char)(i ^ k);
  int s = p[k & 4095];
  free(p);
  return s;
}
