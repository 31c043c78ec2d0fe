#include "words.h"

/*
 * Splitting text into words.
 *
 * A word is a run of letters and apostrophes, so "doesn't" is one word and
 * "fox," is "fox". Everything else separates words: spaces, digits,
 * punctuation, line ends. Words are folded to lower case before they are
 * counted, so "The" and "the" are the same word.
 *
 * The letter mix is a checksum of how often each letter occurs, in the
 * order of the alphabet, so that two texts with the same letters in another
 * order (anagrams, shuffled words) have the same mix. It is printed with the
 * counts to tell at a glance whether two runs read the same text.
 *
 * Neither function keeps a pointer to the text or to the table beyond the
 * call: split_words hands each word to table_add, which copies it.
 *
 * Limits: bytes outside ASCII are separators (isalpha in the "C" locale),
 * and a word has no length limit other than memory.
 */

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
