/* malloc/free inside a loop: H2S leaves an alloca inside the loop. */
#include <stdlib.h>

int loop_alloc(int n) {
  int s = 0;
  for (int j = 0; j < n; j++) {
    int *p = malloc(16 * sizeof(int));
    for (int i = 0; i < 16; i++)
      p[i] = i + j;
    s += p[j & 15];
    free(p);
  }
  return s;
}
