#include <libc.h>
void hub(char *p);
void link7(void);

// Calls the next unit and the hub; nothing calls back.
void link6(void) {
  char *p = malloc(16);
  hub(p);
  link7();
  free(p);
}
