/* The buffer is printed with printf: printf's variadic arguments are not
   known to be nocapture for LLVM. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t printf_buffer(void) {
  char *p = malloc(32);
  memset(p, 'a', 31);
  p[31] = 0;
  size_t n = strlen(p);
  printf("%s\n", p);
  free(p);
  return n;
}
