#include <libc.h>
char *g;
void a(void) { g = malloc(1); }
int fa(void) {
  char *p = malloc(8);
  p[0] = 1;
  return p[0];
}
