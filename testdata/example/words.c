#include "wordfreq.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t next_word(const char *line, size_t *pos, char *out, size_t cap) {
  size_t i = *pos, n = 0;
  while (line[i] && !isalpha((unsigned char)line[i]))
    i++;
  while (isalpha((unsigned char)line[i])) {
    if (n + 1 < cap)
      out[n++] = line[i];
    i++;
  }
  out[n] = '\0';
  *pos = i;
  return n;
}

char *normalize(const char *word) {
  size_t len = strlen(word);
  char *copy = malloc(len + 1); /* returned to the caller */
  for (size_t i = 0; i <= len; i++)
    copy[i] = (char)tolower((unsigned char)word[i]);
  return copy;
}

/* A bug cescape reports: the buffer dies when the function returns. */
const char *plural(unsigned n) {
  char buf[16];
  const char *p = buf;
  snprintf(buf, sizeof buf, "%s", n == 1 ? "" : "s");
  return p;
}
