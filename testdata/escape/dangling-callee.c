// RUN: %cescape_verify %s
//
// A stack address a callee keeps (stores in a global, through a parameter)
// escapes, but is not reported as dangling: real code keeps a caller's
// object while it runs and unlinks it before the caller returns (git's
// start_command / finish_command keep the child in a cleanup list: 354
// false warnings on git), or keeps pointers into the object itself (Redis'
// rax iterators: their key points into the iterator until it grows). A
// summary cannot tell. Dangling is reported where the function itself
// stores or returns the address (address-of.c).

typedef unsigned long size_t;
void *malloc(size_t);
void *realloc(void *, size_t);
void free(void *);

int *kept;
static void keep(int *p) { kept = p; }

void keeps_local(void) {
  int x = 1; // nothing: an escape (call), not a warning
  keep(&x);
}

// The same store in the function itself is a certain dangling pointer.
void stores_local(void) {
  int y = 1; // expected-warning {{address of local variable 'y' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  kept = &y; // expected-note {{the address escapes here (address-of)}}
}

// And the escape keeps a block on the heap.
void keeps_block(void) {
  int *b = malloc(sizeof *b); // nothing printed: escapes (call)
  keep(b);
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
