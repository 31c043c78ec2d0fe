#include <stdlib.h>
#include <string.h>
char *last;
int parse(const char *s) {
  char *copy = strdup(s);
  last = copy;
  int *counts = calloc(26, sizeof(int));
  for (; *s; s++)
    if (*s >= 'a' && *s <= 'z')
      counts[*s - 'a']++;
  int best = counts[0];
  free(counts);
  return best;
}
