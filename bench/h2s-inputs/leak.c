/* Same 64-byte buffer, never freed (a leak). H2S accepts it (uses check). */
#include <stdlib.h>

int leak(void) {
  int *p = malloc(16 * sizeof(int));
  for (int i = 0; i < 16; i++)
    p[i] = i + 1;
  int s = 0;
  for (int i = 0; i < 16; i++)
    s += p[i];
  return s;
}
