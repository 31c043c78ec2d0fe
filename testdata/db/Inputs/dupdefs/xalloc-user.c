// Allocates through xalloc, which other units define.
#include <libc.h>
void *xalloc(unsigned long);
int user(void) {
  char *q = xalloc(24);
  q[0] = 1;
  free(q);
  return 0;
}
