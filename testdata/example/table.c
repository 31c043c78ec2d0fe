#include "wordfreq.h"

#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s) {
  size_t h = 5381;
  while (*s)
    h = h * 33 + (unsigned char)*s++;
  return h;
}

struct table *table_new(size_t nbuckets) {
  struct table *t = malloc(sizeof *t); /* returned: stays on the heap */
  if (!t)
    return NULL;
  t->nbuckets = nbuckets;
  t->nwords = 0;
  t->buckets = calloc(nbuckets, sizeof *t->buckets);
  return t;
}

void table_add(struct table *t, const char *word) {
  size_t b = hash(word) % t->nbuckets;
  for (struct entry *e = t->buckets[b]; e; e = e->next)
    if (strcmp(e->word, word) == 0) {
      e->count++;
      return;
    }
  struct entry *e = malloc(sizeof *e); /* linked into the table */
  e->word = strdup(word);
  e->count = 1;
  e->next = t->buckets[b];
  t->buckets[b] = e;
  t->nwords++;
}

void table_free(struct table *t) {
  for (size_t b = 0; b < t->nbuckets; b++) {
    struct entry *e = t->buckets[b];
    while (e) {
      struct entry *next = e->next;
      free(e->word);
      free(e);
      e = next;
    }
  }
  free(t->buckets);
  free(t);
}

static int by_count(const void *a, const void *b) {
  const struct entry *x = *(struct entry *const *)a;
  const struct entry *y = *(struct entry *const *)b;
  if (x->count != y->count)
    return x->count < y->count ? 1 : -1;
  return strcmp(x->word, y->word);
}

size_t table_top(const struct table *t, struct entry **out, size_t n) {
  /* A scratch array of every entry, sorted: its size depends on the input. */
  struct entry **all = malloc(t->nwords * sizeof *all);
  size_t k = 0;
  for (size_t b = 0; b < t->nbuckets; b++)
    for (struct entry *e = t->buckets[b]; e; e = e->next)
      all[k++] = e;
  qsort(all, k, sizeof *all, by_count);
  if (n > k)
    n = k;
  memcpy(out, all, n * sizeof *out);
  free(all);
  return n;
}
