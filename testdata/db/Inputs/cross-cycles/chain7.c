#include <libc.h>
void hub(char *p);
void link8(void);

// Calls the next unit and the hub; nothing calls back.
void link7(void) {
  char *p = malloc(16);
  hub(p);
  link8();
  free(p);
}
