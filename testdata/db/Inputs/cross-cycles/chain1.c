#include <libc.h>
void hub(char *p);
void link2(void);

// Calls the next unit and the hub; nothing calls back.
void link1(void) {
  char *p = malloc(16);
  hub(p);
  link2();
  free(p);
}
