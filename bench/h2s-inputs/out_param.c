/* Stored through an out-parameter: escapes. */
#include <stdlib.h>

int out_param(char **out) {
  char *p = malloc(32);
  p[0] = 'x';
  p[1] = 0;
  *out = p;
  return 0;
}
