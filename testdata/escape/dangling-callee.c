// RUN: %cescape_verify %s
//
// A stack address a callee keeps (stores in a global, through a parameter)
// dangles once the caller returns: a warning, reason (call). What the
// argument points to, kept by the callee, is an escape but not a warning:
// flow-insensitive summaries cannot tell it from an object's interior
// pointing into itself, as Redis' rax iterators do (their key points into
// the iterator until it grows, then to the heap).

typedef unsigned long size_t;
void *malloc(size_t);
void *realloc(void *, size_t);
void free(void *);

int *kept;
static void keep(int *p) { kept = p; }

void keeps_local(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (call): it is passed to a function that keeps or frees it [cescape:dangling]}}
  keep(&x); // expected-note {{the address escapes here (kept by callee)}}
}

// An iterator whose key starts in its own static buffer and moves to the
// heap when it grows.
struct iter {
  char *key;
  size_t len;
  char small[16];
};
static void iter_start(struct iter *it) {
  it->key = it->small;
  it->len = 0;
}
static void iter_grow(struct iter *it, size_t n) {
  char *old = it->key == it->small ? 0 : it->key;
  it->key = realloc(old, n);
  kept = (int *)it->key;
}
static void iter_stop(struct iter *it) {
  if (it->key != it->small)
    free(it->key);
}

int walks(void) {
  struct iter it; // nothing: its interior is what the callees keep
  iter_start(&it);
  iter_grow(&it, 64);
  iter_stop(&it);
  return 0;
}

// No stack array for a block handed to such a callee, though.
int walks_heap(void) {
  struct iter *it = malloc(sizeof *it); // nothing printed: escapes (call)
  iter_start(it);
  iter_grow(it, 64);
  iter_stop(it);
  free(it);
  return 0;
}
