/* words: counts the words of a text (the bundled project of make-gate.test). */
#ifndef WORDS_H
#define WORDS_H

#include <stddef.h>

/* A growable string. */
struct buf {
  char *data;
  size_t len, cap;
};

struct buf *buf_new(size_t cap);
void buf_push(struct buf *b, const char *s, size_t n);
char *buf_take(struct buf *b);
void buf_free(struct buf *b);

/* Word counts. table_add copies the word, it never keeps the pointer. */
struct table;
struct table *table_new(void);
void table_add(struct table *t, __attribute__((noescape)) const char *word,
               size_t n);
size_t table_size(const struct table *t);
void table_print(const struct table *t);
void table_free(struct table *t);

/* Splits text into lower-case words, adds them to t; their number. */
size_t split_words(const char *text, struct table *t);
unsigned letter_mix(const char *text);

#endif
