#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int parse(const char *s);
int main(void) {
  char *line = malloc(64);
  snprintf(line, 64, "%s", GREETING);
  printf("%d\n", parse(line));
  free(line);
  return 0;
}
