#include <libc.h>
void hub(char *p);
void link4(void);

// Calls the next unit and the hub; nothing calls back.
void link3(void) {
  char *p = malloc(16);
  hub(p);
  link4();
  free(p);
}
