#include <libc.h>
void hub(char *p);
void link3(void);

// Calls the next unit and the hub; nothing calls back.
void link2(void) {
  char *p = malloc(16);
  hub(p);
  link3();
  free(p);
}
