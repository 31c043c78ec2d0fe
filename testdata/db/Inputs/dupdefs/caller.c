// Calls f, which other units define: its block's verdict is the join of
// their summaries.
#include <libc.h>
void f(char *);
int use(void) {
  char *p = malloc(8);
  f(p);
  free(p);
  return 0;
}
