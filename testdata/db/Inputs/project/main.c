#include "words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const lines[] = {
    "The quick brown fox jumps over the lazy dog.",
    "The dog sleeps; the fox doesn't.",
    "A fox, a dog, and the end.",
};

int main(void) {
  struct buf *text = buf_new(8);
  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
    buf_push(text, lines[i], strlen(lines[i]));
    buf_push(text, "\n", 1);
  }
  char *all = buf_take(text);

  struct table *t = table_new();
  size_t words = split_words(all, t);
  printf("%zu words, %zu distinct, mix %u\n", words, table_size(t),
         letter_mix(all));
  table_print(t);
  table_free(t);
  free(all);
  return 0;
}
