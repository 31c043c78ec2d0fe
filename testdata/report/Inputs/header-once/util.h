#include <libc.h>

static inline int scratch(void) {
  char *p = malloc(8);
  p[0] = 1;
  int r = p[0];
  free(p);
  return r;
}
