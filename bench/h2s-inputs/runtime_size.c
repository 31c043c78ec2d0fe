/* Size known only at run time: not a fixed-size stack array. */
#include <stdlib.h>

int runtime_size(int n) {
  int *p = malloc((size_t)n * 4);
  for (int i = 0; i < n; i++)
    p[i] = i;
  int s = 0;
  for (int i = 0; i < n; i++)
    s += p[i];
  free(p);
  return s;
}
