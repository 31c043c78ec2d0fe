// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// realloc consumes its argument (it may free it and hand back another
// block) and its result may be resized again: both escape, reason
// (realloc). getline/getdelim realloc the buffer *lineptr points to.

#include <libc.h>

// The classic grow: the first block is consumed, the second may be
// resized again.
char *grow(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (realloc): malloc(16) is resized by realloc{{.*}} [cescape:escape]}}
  p[0] = 0;
  char *q = realloc(p, 32); // expected-remark-re {{escapes (realloc): realloc(p, 32){{.*}} [cescape:escape]}}
  q[1] = 0;
  free(q);
  return 0;
}

// p = realloc(p, n): the same variable holds both blocks.
size_t grow_in_place(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (realloc): malloc(8) is resized by realloc{{.*}} [cescape:escape]}}
  strcpy(p, "abc");
  p = realloc(p, 64); // expected-remark-re {{escapes (realloc): realloc(p, 64){{.*}} [cescape:escape]}}
  size_t n = strlen(p);
  free(p);
  return n;
}

// Only the block handed to realloc escapes; another block in the same
// function stays on the stack.
size_t one_of_two(void) {
  char *keep = malloc(16); // expected-remark {{malloc(16) does not escape: use a stack array '_Alignas(16) char keep_storage[16]' (16 bytes) [cescape:heap-to-stack]}}
  char *grown = malloc(16); // expected-remark-re {{escapes (realloc): malloc(16){{.*}} [cescape:escape]}}
  keep[0] = grown[0] = 0;
  grown = realloc(grown, 32); // expected-remark-re {{escapes (realloc): realloc(grown, 32){{.*}} [cescape:escape]}}
  size_t n = strlen(keep) + strlen(grown);
  free(keep);
  free(grown);
  return n;
}

// realloc(NULL, n) is malloc(n), but the result is still a realloc result.
size_t realloc_null(void) {
  char *p = realloc(0, 16); // expected-remark-re {{escapes (realloc): realloc(0, 16){{.*}} [cescape:escape]}}
  p[0] = 0;
  size_t n = strlen(p);
  free(p);
  return n;
}

// A calloc'd block handed to realloc; the new block is returned.
int *grow_array(void) {
  int *v = calloc(4, sizeof(int)); // expected-remark-re {{escapes (realloc): calloc(4, sizeof(int)) is resized by realloc{{.*}} [cescape:escape]}}
  int *w = realloc(v, 8 * sizeof(int)); // expected-remark-re {{escapes (return): realloc(v, 8 * sizeof(int)) is returned to the caller{{.*}} [cescape:escape]}}
  return w;
}

// reallocarray behaves the same.
void grow_reallocarray(void) {
  long *v = malloc(4 * sizeof(long)); // expected-remark-re {{escapes (realloc): malloc(4 * sizeof(long)) is resized by realloc{{.*}} [cescape:escape]}}
  v = reallocarray(v, 8, sizeof(long)); // expected-remark-re {{escapes (realloc): reallocarray(v, 8, sizeof(long)){{.*}} [cescape:escape]}}
  free(v);
}

// A strdup'd string handed to realloc.
char *append(const char *s) {
  char *d = strdup(s); // expected-remark-re {{escapes (realloc): strdup(s) is resized by realloc{{.*}} [cescape:escape]}}
  char *e = realloc(d, strlen(d) + 2); // expected-remark-re {{escapes (return): realloc(d, strlen(d) + 2) is returned to the caller{{.*}} [cescape:escape]}}
  return e;
}

// A loop that grows a buffer.
size_t grow_loop(int n) {
  size_t cap = 16;
  char *buf = malloc(cap); // expected-remark-re {{escapes (realloc): malloc(cap) is resized by realloc{{.*}} [cescape:escape]}}
  for (int i = 0; i < n; ++i) {
    cap *= 2;
    buf = realloc(buf, cap); // expected-remark-re {{escapes (realloc): realloc(buf, cap){{.*}} [cescape:escape]}}
    buf[i] = 'x';
  }
  free(buf);
  return cap;
}

// The block reaches realloc through a struct member.
struct vec {
  int *data;
  size_t len;
};

void vec_push(void) {
  struct vec v;
  v.data = malloc(4 * sizeof(int)); // expected-remark-re {{escapes (realloc): malloc(4 * sizeof(int)){{.*}} [cescape:escape]}}
  v.len = 4;
  v.data = realloc(v.data, 8 * sizeof(int)); // expected-remark-re {{escapes (realloc): realloc(v.data, 8 * sizeof(int)){{.*}} [cescape:escape]}}
  free(v.data);
}

// A helper that reallocs its parameter: the caller's block escapes.
static char *grow_helper(char *p, size_t n) { return realloc(p, n); } // expected-remark-re {{escapes (return): realloc(p, n) is returned to the caller{{.*}} [cescape:escape]}}

void via_helper(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  p = grow_helper(p, 32);
  free(p);
}

// getline reallocs *lineptr: a malloc'd initial buffer escapes (realloc).
ssize_t getline_malloced(FILE *f) {
  size_t n = 128;
  char *line = malloc(n); // expected-remark-re {{escapes (realloc): malloc(n) is resized by realloc{{.*}} [cescape:escape]}}
  ssize_t r = getline(&line, &n, f);
  free(line);
  return r;
}

// getdelim alike.
ssize_t getdelim_malloced(FILE *f) {
  size_t n = 64;
  char *rec = malloc(n); // expected-remark-re {{escapes (realloc): malloc(n){{.*}} [cescape:escape]}}
  ssize_t r = getdelim(&rec, &n, ';', f);
  free(rec);
  return r;
}

// getline with a NULL start (twin: getline_malloced()): the library
// allocates, nothing to report; the size_t counter can live on the stack
// even when it is malloc'd.
ssize_t getline_null(FILE *f) {
  char *line = 0;
  size_t *n = malloc(sizeof *n); // expected-remark {{malloc(sizeof *n) does not escape: use a stack array 'size_t n_storage[1]' (8 bytes) [cescape:heap-to-stack]}}
  *n = 0;
  ssize_t r = getline(&line, n, f);
  free(line);
  free(n);
  return r;
}

// getline in a loop over a buffer from outside the loop.
size_t getline_loop(FILE *f) {
  size_t cap = 32, total = 0;
  char *line = malloc(cap); // expected-remark-re {{escapes (realloc): malloc(cap){{.*}} [cescape:escape]}}
  while (getline(&line, &cap, f) > 0)
    total += strlen(line);
  free(line);
  return total;
}

// Resized on one path only: still escapes.
size_t maybe_grow(int c) {
  char *p = malloc(16); // expected-remark-re {{escapes (realloc): malloc(16) is resized by realloc{{.*}} [cescape:escape]}}
  p[0] = 0;
  if (c)
    p = realloc(p, 64); // expected-remark-re {{escapes (realloc): realloc(p, 64){{.*}} [cescape:escape]}}
  size_t n = strlen(p);
  free(p);
  return n;
}

// Resized through an alias.
void grow_alias(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (realloc): malloc(16) is resized by realloc{{.*}} [cescape:escape]}}
  char *q = p + 0;
  q = realloc(q, 64); // expected-remark-re {{escapes (realloc): realloc(q, 64){{.*}} [cescape:escape]}}
  free(q);
}

// Resized through a pointer to the variable holding it.
static void grow_through(char **pp) { *pp = realloc(*pp, 64); } // expected-remark-re {{escapes (param): realloc(*pp, 64) is stored through a parameter{{.*}} [cescape:escape]}}

void grow_by_reference(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16){{.*}} [cescape:escape]}}
  grow_through(&p);
  free(p);
}
