/* Two allocations on one line (sites distinguished by column): one is
   freed locally, the other is returned. */
#include <stdlib.h>

char *two_sites(void) {
  char *a = malloc(16), *b = malloc(16);
  a[0] = 'a';
  b[0] = a[0];
  free(a);
  return b;
}
