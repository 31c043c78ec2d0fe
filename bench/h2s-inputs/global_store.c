/* Stored into a global: escapes. */
#include <stdlib.h>

int *g_buf;

void global_store(void) {
  int *p = malloc(8 * sizeof(int));
  p[0] = 1;
  g_buf = p;
}
