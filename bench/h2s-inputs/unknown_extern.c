/* Passed to a function we know nothing about: must be assumed to escape. */
#include <stdlib.h>

extern void consume(void *q);

void unknown_extern(void) {
  char *p = malloc(32);
  p[0] = 0;
  consume(p);
  free(p);
}
