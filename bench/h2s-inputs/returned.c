/* Returned to the caller: escapes. */
#include <stdlib.h>

int *returned(void) {
  int *p = malloc(8 * sizeof(int));
  for (int i = 0; i < 8; i++)
    p[i] = i;
  return p;
}
