#include "wordfreq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct stats {
  unsigned long lines;
  unsigned long words;
};

static void count_line(struct table *t, struct stats *st, const char *line) {
  size_t pos = 0;
  char *word = malloc(64); /* a scratch buffer that never leaves */
  while (next_word(line, &pos, word, 64) > 0) {
    char *norm = normalize(word);
    table_add(t, norm);
    free(norm);
    st->words++;
  }
  free(word);
  st->lines++;
}

static void print_top(const struct table *t, size_t n) {
  struct entry **top = calloc(n, sizeof *top); /* size known only at run time */
  size_t k = table_top(t, top, n);
  for (size_t i = 0; i < k; i++)
    printf("%6u %s\n", top[i]->count, top[i]->word);
  free(top);
}

int main(void) {
  struct table *t = table_new(1024);
  struct stats *st = malloc(sizeof *st); /* could be a local struct */
  char *line = malloc(4096);
  if (!t || !st || !line)
    return 1;
  memset(st, 0, sizeof *st);
  while (fgets(line, 4096, stdin))
    count_line(t, st, line);
  print_top(t, 10);
  fprintf(stderr, "%lu lines, %lu words, %zu distinct\n", st->lines,
          st->words, t->nwords);
  free(line);
  free(st);
  table_free(t);
  return 0;
}
