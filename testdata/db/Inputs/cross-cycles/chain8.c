#include <libc.h>
void hub(char *p);

// The end of the chain.
void link8(void) {
  char *p = malloc(16);
  hub(p);
  free(p);
}
