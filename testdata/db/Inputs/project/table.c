#include "words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NSLOT 64

struct entry {
  struct entry *next;
  size_t count;
  char word[];
};

struct table {
  struct entry *slot[NSLOT];
  size_t size;
};

/* The most recent table, for debugging. */
static struct table *last_table;

static unsigned hash(const char *s, size_t n) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

struct table *table_new(void) {
  struct table *t = calloc(1, sizeof *t); /* returned, and kept globally */
  if (!t)
    abort();
  last_table = t;
  return t;
}

void table_add(struct table *t, const char *word, size_t n) {
  struct entry **head = &t->slot[hash(word, n) % NSLOT];
  struct entry *e;
  for (e = *head; e; e = e->next) {
    if (strlen(e->word) == n && memcmp(e->word, word, n) == 0) {
      e->count++;
      return;
    }
  }
  e = malloc(sizeof *e + n + 1); /* linked into the table */
  if (!e)
    abort();
  memcpy(e->word, word, n);
  e->word[n] = 0;
  e->count = 1;
  e->next = *head;
  *head = e;
  t->size++;
}

size_t table_size(const struct table *t) { return t->size; }

/* Prints the words, most frequent first, ties in alphabetical order. */
void table_print(const struct table *t) {
  struct entry **all = malloc(t->size * sizeof *all + 1); /* variable size */
  char *line = malloc(80);                                 /* constant size */
  size_t n = 0;
  if (!all || !line)
    abort();
  for (size_t i = 0; i < NSLOT; i++)
    for (struct entry *e = t->slot[i]; e; e = e->next)
      all[n++] = e;
  for (size_t i = 1; i < n; i++) {
    struct entry *e = all[i];
    size_t j = i;
    while (j > 0 && (all[j - 1]->count < e->count ||
                     (all[j - 1]->count == e->count &&
                      strcmp(all[j - 1]->word, e->word) > 0))) {
      all[j] = all[j - 1];
      j--;
    }
    all[j] = e;
  }
  for (size_t i = 0; i < n; i++) {
    snprintf(line, 80, "%3zu %s\n", all[i]->count, all[i]->word);
    fputs(line, stdout);
  }
  free(line);
  free(all);
}

void table_free(struct table *t) {
  for (size_t i = 0; i < NSLOT; i++) {
    struct entry *e = t->slot[i];
    while (e) {
      struct entry *next = e->next;
      free(e);
      e = next;
    }
  }
  if (last_table == t)
    last_table = NULL;
  free(t);
}
