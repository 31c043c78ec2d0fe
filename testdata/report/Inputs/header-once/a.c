#include "util.h"
int a(void) {
  char *q = malloc(16);
  q[0] = 2;
  int r = q[0];
  free(q);
  return r + scratch();
}
