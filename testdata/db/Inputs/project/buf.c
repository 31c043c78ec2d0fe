#include "words.h"

#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n);
  if (!p)
    abort();
  return p;
}

struct buf *buf_new(size_t cap) {
  struct buf *b = malloc(sizeof *b); /* returned */
  if (!b)
    abort();
  b->cap = cap ? cap : 16;
  b->data = malloc(b->cap); /* kept in the returned struct */
  if (!b->data)
    abort();
  b->len = 0;
  b->data[0] = 0;
  return b;
}

void buf_push(struct buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    while (b->len + n + 1 > b->cap)
      b->cap *= 2;
    b->data = xrealloc(b->data, b->cap);
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

char *buf_take(struct buf *b) {
  char *data = b->data;
  free(b);
  return data;
}

void buf_free(struct buf *b) {
  free(b->data);
  free(b);
}
