#include <libc.h>
void hub(char *p);
void link5(void);

// Calls the next unit and the hub; nothing calls back.
void link4(void) {
  char *p = malloc(16);
  hub(p);
  link5();
  free(p);
}
