#include "words.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int is_word_char(int c) { return isalpha(c) || c == '\''; }

size_t split_words(const char *text, struct table *t) {
  size_t words = 0;
  while (*text) {
    while (*text && !is_word_char((unsigned char)*text))
      text++;
    size_t n = 0;
    while (is_word_char((unsigned char)text[n]))
      n++;
    if (n == 0)
      break;
    char *low = malloc(n + 1); /* variable size: a small buffer would do */
    if (!low)
      abort();
    for (size_t i = 0; i < n; i++)
      low[i] = (char)tolower((unsigned char)text[i]);
    low[n] = 0;
    table_add(t, low, n);
    free(low);
    words++;
    text += n;
  }
  return words;
}

/* A checksum of the letter frequencies. */
unsigned letter_mix(const char *text) {
  unsigned *freq = calloc(26, sizeof *freq); /* constant size */
  unsigned mix = 0;
  if (!freq)
    abort();
  for (; *text; text++)
    if (isalpha((unsigned char)*text))
      freq[tolower((unsigned char)*text) - 'a']++;
  for (int i = 0; i < 26; i++)
    mix = mix * 31 + freq[i];
  free(freq);
  return mix;
}
