#include <stdlib.h>
int main(void) {
  char *p = malloc(8);
  p[0] = 1;
  return p[0];
}
