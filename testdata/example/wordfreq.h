#ifndef WORDFREQ_H
#define WORDFREQ_H
#include <stddef.h>

struct entry {
  char *word;
  unsigned count;
  struct entry *next;
};

struct table {
  size_t nbuckets;
  size_t nwords;
  struct entry **buckets;
};

struct table *table_new(size_t nbuckets);
void table_add(struct table *t, const char *word);
void table_free(struct table *t);
size_t table_top(const struct table *t, struct entry **out, size_t n);

size_t next_word(const char *line, size_t *pos, char *out, size_t cap);
char *normalize(const char *word);
const char *plural(unsigned n);
#endif
