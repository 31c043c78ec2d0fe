#include <libc.h>
char *h;
void b(void) { h = malloc(2); }
int fb(void) {
  char *q = malloc(16);
  q[0] = 2;
  return q[0];
}
