/* Freed through a static helper: the free is not in the allocating
   function. */
#include <stdlib.h>

static void release(void *q) { free(q); }

int free_helper(int k) {
  int *p = malloc(8 * sizeof(int));
  for (int i = 0; i < 8; i++)
    p[i] = i * k;
  int s = p[k & 7];
  release(p);
  return s;
}
