// RUN: %cescape_verify -fplugin-arg-cescape-config=none -fplugin-arg-cescape-m %s
//
// A fresh block that nothing reaches but one local pointer's arrow (`q->a`)
// gets a location per field, like a local struct (fields.c): a held block.
// The pointer may only be assigned fresh blocks (the C library's allocators
// but realloc, functions declared `malloc`, wrappers that only allocate) or
// null, tested for null, and freed. Anything else collapses the block into
// one location: the pointer passed, copied, returned or cast; a field's
// address taken or an array field decayed; the block written whole; a
// union; a block that may already hold pointers (realloc, an `alloc=` pool,
// a wrapper that fills it in).

#include <libc.h>

struct two {
  char *a;
  char *b;
};
struct nested {
  struct two in;
  char *c;
};
struct with_array {
  char *slot[2];
  int n;
};
union either {
  char *a;
  char *b;
};
struct other {
  char *first;
};
void init(struct two *);
void *pool_get(size_t) __attribute__((alloc_size(1)));
void *fresh_declared(size_t) __attribute__((malloc, alloc_size(1)));

// Precise: each field of the held block is its own location.

// Only the other field's block is returned.
char *return_other_field(void) {
  struct two *q = malloc(sizeof *q); // expected-remark {{malloc(sizeof *q) does not escape: use a stack array 'struct two q_storage[1]' (16 bytes) [cescape:heap-to-stack]}}
  if (!q)
    return 0;
  q->a = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array {{.*}} [cescape:heap-to-stack]}}
  q->b = malloc(24); // expected-remark {{escapes (return): malloc(24) is returned to the caller at}}
  char *keep = q->b;
  free(q->a);
  free(q);
  return keep;
}

// Nested structs and the pointer assigned after its declaration, in a
// loop; calloc and a `malloc`-declared allocator are fresh too.
char *nested_fields(int n) {
  struct nested *q;
  char *last = 0;
  for (int i = 0; i < n; i++) {
    q = calloc(1, sizeof *q); // expected-remark-re {{calloc(1, sizeof *q) does not escape{{.*}} [cescape:heap-to-stack]}}
    if (q == 0)
      break;
    q->in.a = fresh_declared(8); // expected-remark-re {{fresh_declared(8) does not escape{{.*}} [cescape:heap-to-stack]}}
    q->c = malloc(32); // expected-remark {{escapes (return): malloc(32) is returned to the caller at}}
    free(q->in.a);
    last = q->c;
    free(q);
  }
  return last;
}

// Elements of a short array field at constant indices.
char *array_field(void) {
  struct with_array *q = malloc(sizeof *q); // expected-remark-re {{does not escape{{.*}} [cescape:heap-to-stack]}}
  q->slot[0] = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  q->slot[1] = malloc(9); // expected-remark {{escapes (return): malloc(9) is returned to the caller at}}
  char *keep = q->slot[1];
  free(q->slot[0]);
  free(q);
  return keep;
}

// Assigned where the test reads it, or in a switch's case.
char *assigned_in_test(int kind) {
  struct two *q;
  if ((q = malloc(sizeof *q)) == 0) // expected-remark-re {{malloc(sizeof *q) does not escape{{.*}} [cescape:heap-to-stack]}}
    return 0;
  q->a = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  q->b = malloc(17); // expected-remark {{escapes (return): malloc(17) is returned to the caller at}}
  char *keep = q->b;
  free(q->a);
  free(q);
  switch (kind) {
  case 1:
    q = calloc(1, sizeof *q); // expected-remark-re {{calloc(1, sizeof *q) does not escape{{.*}} [cescape:heap-to-stack]}}
    free(q);
    break;
  }
  return keep;
}

// Collapsed: the block is reached some other way.

// The assignment's value goes on to another pointer.
char *chained_assignment(void) {
  struct two *q, *r;
  r = (q = malloc(sizeof *q)); // expected-remark-re {{malloc(sizeof *q) does not escape{{.*}} [cescape:heap-to-stack]}}
  q->a = malloc(16); // expected-remark {{escapes (return): malloc(16) is returned to the caller at}}
  char *keep = r->a;
  free(q);
  return keep;
}

// The assignment's value is the pointer an arrow goes through.
char *assigned_as_arrow_base(char *p) {
  struct two *q;
  char *mine = malloc(16); // expected-remark {{escapes (return): malloc(16) is returned to the caller at}}
  (q = malloc(sizeof *q))->a = mine; // expected-remark-re {{malloc(sizeof *q) does not escape{{.*}} [cescape:heap-to-stack]}}
  char *keep = q->a;
  free(q);
  return keep ? keep : p;
}

// A statement expression's value is its last statement's (not null).
char *statement_expression(void) {
  struct two *q;
  struct two *r = ({ q = malloc(sizeof *q); ; }); // expected-remark-re {{malloc(sizeof *q) does not escape{{.*}} [cescape:heap-to-stack]}}
  q->a = malloc(16); // expected-remark {{escapes (return): malloc(16) is returned to the caller at}}
  char *keep = r->a;
  free(q);
  return keep;
}

// The pointer is handed to a function, which may read any field.
char *passed(void) {
  struct two *q = malloc(sizeof *q); // expected-remark {{escapes (extern): malloc(sizeof *q) is passed to a function whose body is not visible at}}
  init(q);
  q->a = malloc(16); // expected-remark {{escapes (return): malloc(16) is returned to the caller at}}
  q->b = malloc(24); // expected-remark {{escapes (return): malloc(24) is returned to the caller at}}
  return q->b;
}

// Copied into another pointer, which reads the field.
char *copied(void) {
  struct two *q = malloc(sizeof *q); // expected-remark-re {{malloc(sizeof *q) does not escape{{.*}} [cescape:heap-to-stack]}}
  q->a = malloc(16); // expected-remark {{escapes (return): malloc(16) is returned to the caller at}}
  q->b = malloc(24); // expected-remark {{escapes (return): malloc(24) is returned to the caller at}}
  struct two *r = q;
  char *keep = r->b;
  free(q);
  return keep;
}

// A field's address taken: pointer arithmetic may reach the next one.
char *field_address(void) {
  struct two *q = malloc(sizeof *q); // expected-remark-re {{malloc(sizeof *q) does not escape{{.*}} [cescape:heap-to-stack]}}
  q->a = malloc(16); // expected-remark {{escapes (return): malloc(16) is returned to the caller at}}
  q->b = malloc(24); // expected-remark {{escapes (return): malloc(24) is returned to the caller at}}
  char **p = &q->b;
  char *keep = p[-1];
  free(q);
  return keep;
}

// An array field decayed to a pointer and indexed by a variable.
char *array_decayed(int i) {
  struct with_array *q = malloc(sizeof *q); // expected-remark-re {{does not escape{{.*}} [cescape:heap-to-stack]}}
  q->slot[0] = malloc(8); // expected-remark {{escapes (return): malloc(8) is returned to the caller at}}
  q->slot[1] = malloc(9); // expected-remark {{escapes (return): malloc(9) is returned to the caller at}}
  char *keep = q->slot[i];
  free(q);
  return keep;
}

// Cast to another struct type: its first field is this one's.
char *cast_other(void) {
  struct two *q = malloc(sizeof *q); // expected-remark-re {{malloc(sizeof *q) does not escape{{.*}} [cescape:heap-to-stack]}}
  q->a = malloc(16); // expected-remark {{escapes (return): malloc(16) is returned to the caller at}}
  q->b = malloc(24); // expected-remark {{escapes (return): malloc(24) is returned to the caller at}}
  char *keep = ((struct other *)q)->first;
  free(q);
  return keep;
}

// Written whole from a local struct, read whole into another.
char *whole(void) {
  struct two t = {malloc(16), 0}; // expected-remark {{escapes (return): malloc(16) is returned to the caller at}}
  struct two *q = malloc(sizeof *q); // expected-remark-re {{malloc(sizeof *q) does not escape{{.*}} [cescape:heap-to-stack]}}
  *q = t;
  char *keep = q->b;
  free(q);
  return keep;
}

// A union: both members are the same memory.
char *union_members(void) {
  union either *q = malloc(sizeof *q); // expected-remark-re {{does not escape{{.*}} [cescape:heap-to-stack]}}
  q->a = malloc(16); // expected-remark {{escapes (return): malloc(16) is returned to the caller at}}
  char *keep = q->b;
  free(q);
  return keep;
}

// realloc keeps the old block's contents.
char *reallocated(struct two *old) {
  struct two *q = realloc(old, sizeof *q); // expected-remark-re {{escapes {{.*}}}}
  q->a = malloc(16); // expected-remark {{escapes (return): malloc(16) is returned to the caller at}}
  char *keep = q->b;
  free(q);
  return keep;
}

// An allocator known only by alloc_size may hand out a block that still
// holds pointers; so may a wrapper that fills its block in.
static void *filled(char *with) {
  struct two *t = malloc(sizeof *t); // expected-remark {{escapes (return): malloc(sizeof *t) is returned to the caller at}}
  t->b = with;
  return t;
}
char *not_fresh(char *with) {
  struct two *q = pool_get(sizeof *q); // expected-remark-re {{pool_get(sizeof *q) does not escape{{.*}}}}
  q->a = malloc(16); // expected-remark {{escapes (return): malloc(16) is returned to the caller at}}
  char *keep = q->b;
  free(q);
  struct two *r = filled(with); // expected-remark {{filled(with) does not escape: its 16 bytes could live on the stack, but filled() does more than allocate (no fix-it) [cescape:heap-to-stack]}}
  char *also = r->b;
  free(r);
  return keep ? keep : also;
}
char *fills_in(void) {
  char *mine = malloc(8); // expected-remark {{escapes (call): malloc(8) is passed to a function that keeps or frees it at}}
  struct two *r = filled(mine); // expected-remark-re {{filled(mine) does not escape{{.*}}}}
  char *back = r->b;
  free(r);
  return back;
}

// Returned: the caller may read any field.
struct two *returned(void) {
  struct two *q = malloc(sizeof *q); // expected-remark {{escapes (return): malloc(sizeof *q) is returned to the caller at}}
  q->a = malloc(16); // expected-remark {{escapes (heap): malloc(16) is stored in memory that escapes at}}
  return q;
}
