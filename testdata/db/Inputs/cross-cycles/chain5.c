#include <libc.h>
void hub(char *p);
void link6(void);

// Calls the next unit and the hub; nothing calls back.
void link5(void) {
  char *p = malloc(16);
  hub(p);
  link6();
  free(p);
}
