/* 64-byte buffer filled and summed in loops, freed at the end.
   Expected: stack candidate for both cescape and H2S(128). */
#include <stdlib.h>

int buf_free_end(void) {
  int *p = malloc(16 * sizeof(int));
  for (int i = 0; i < 16; i++)
    p[i] = i * i;
  int s = 0;
  for (int i = 0; i < 16; i++)
    s += p[i];
  free(p);
  return s;
}
