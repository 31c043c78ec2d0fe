/* Freed only on one branch (leaks on the other). */
#include <stdlib.h>

int free_one_branch(int c) {
  char *p = malloc(16);
  p[0] = (char)c;
  int r = p[0];
  if (c > 0)
    free(p);
  return r;
}
