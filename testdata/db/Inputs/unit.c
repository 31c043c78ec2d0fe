#include <libc.h>
char *g;

char *returned(void) { return malloc(16); }

int local(void) {
  char *p = malloc(32);
  p[0] = 1;
  int r = p[0];
  free(p);
  return r;
}

int *dangles(void) {
  int x = 0;
  int *q = &x;
  return q;
}
