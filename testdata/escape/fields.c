// RUN: %cescape_verify -fplugin-arg-cescape-config=none -fplugin-arg-cescape-m %s
//
// Fields of a local struct have locations of their own (down to three levels
// of nested structs) while nothing reaches the struct but its name. Every
// other way C reaches a field collapses the struct into one location: its
// address or a member's taken (container_of, memcpy, byte copies, casts to
// another struct type go through one), an array member decayed, a union,
// a nesting too deep. Whole-struct copies and returns move every field.
// Short arrays of pointers (up to 8 elements) indexed only by constants
// have a location per element the same way: a variable index, the array
// decayed to a pointer or an element's address collapses them.

#include <libc.h>
typedef unsigned long uintptr_t;
#define offsetof(T, m) __builtin_offsetof(T, m)

struct two {
  char *a;
  char *b;
};
struct other {
  char *first;
};
void sink(struct two);

// Precise: each field is its own location.

// Only the other field is returned.
char *return_other_field(void) {
  struct two t;
  t.a = malloc(1); // expected-remark {{malloc(1) does not escape: use a stack array '_Alignas(16) char buf_storage[1]' (1 bytes), declared beside 't' (no fix-it) [cescape:heap-to-stack]}}
  t.b = malloc(2); // expected-remark-re {{escapes (return): malloc(2) is returned to the caller{{.*}} [cescape:escape]}}
  t.a[0] = 0;
  free(t.a);
  return t.b;
}

// Initialised by a list, nested one level.
struct holder {
  struct two in;
  long n;
};
char *return_nested_other_field(void) {
  struct holder h = {{malloc(3), malloc(4)}, 2}; // expected-remark {{malloc(3) does not escape: use a stack array '_Alignas(16) char buf_storage[3]' (3 bytes), declared beside 'h' (no fix-it) [cescape:heap-to-stack]}} expected-remark-re {{escapes (return): malloc(4) is returned to the caller{{.*}} [cescape:escape]}}
  h.in.a[0] = (char)h.n;
  return h.in.b;
}

// Collapses: each of these must stay an escape.

// The address of the whole struct is handed to a function, which may swap
// the fields.
void see_pair(struct two *);
char *address_of_struct(void) {
  struct two t;
  t.a = malloc(5); // expected-remark-re {{escapes (return): malloc(5) is returned to the caller{{.*}} [cescape:escape]}}
  t.b = 0;
  see_pair(&t);
  return t.b;
}

// container_of from the address of the other member.
char *container_of_member(void) {
  struct two t;
  t.a = malloc(6); // expected-remark-re {{escapes (return): malloc(6) is returned to the caller{{.*}} [cescape:escape]}}
  t.b = 0;
  struct two *whole = (struct two *)((char *)&t.b - offsetof(struct two, b));
  return whole->a;
}

// Read back through a cast to another struct type.
char *cast_to_other_struct(void) {
  struct two t;
  t.b = 0;
  t.a = malloc(7); // expected-remark-re {{escapes (return): malloc(7) is returned to the caller{{.*}} [cescape:escape]}}
  return ((struct other *)&t)->first;
}

// memcpy of the whole struct into another.
char *memcpy_struct(void) {
  struct two t, u;
  t.a = malloc(8); // expected-remark-re {{escapes (return): malloc(8) is returned to the caller{{.*}} [cescape:escape]}}
  t.b = 0;
  memcpy(&u, &t, sizeof t);
  return u.a;
}

// A byte-wise copy.
char *bytewise_copy(void) {
  struct two t, u;
  t.a = malloc(9); // expected-remark-re {{escapes (integer): malloc(9) is converted to an integer{{.*}} [cescape:escape]}}
  t.b = 0;
  const char *from = (const char *)&t;
  char *to = (char *)&u;
  for (unsigned long i = 0; i < sizeof t; i++)
    to[i] = from[i];
  return u.a;
}

// An array member indexed by a variable: its elements share one location,
// and so does the struct.
struct slots {
  char *slot[2];
  char *spare;
};
char *array_member(int i) {
  struct slots s;
  s.slot[i] = malloc(10); // expected-remark-re {{escapes (return): malloc(10) is returned to the caller{{.*}} [cescape:escape]}}
  s.spare = 0;
  return s.slot[1 - i];
}

// A union member: its members share one location.
struct tagged {
  union {
    char *p;
    uintptr_t bits;
  } u;
  int tag;
};
char *union_member(void) {
  struct tagged t;
  t.tag = 1;
  t.u.p = malloc(11); // expected-remark-re {{escapes (return): malloc(11) is returned to the caller{{.*}} [cescape:escape]}}
  return (char *)t.u.bits;
}

// Deeper than three levels: the third level holds everything below it.
struct l3 {
  char *x;
  char *y;
};
struct l2 {
  struct l3 in;
};
struct l1 {
  struct l2 in;
};
struct l0 {
  struct l1 in;
};
char *too_deep(void) {
  struct l0 s;
  s.in.in.in.x = malloc(12); // expected-remark-re {{escapes (return): malloc(12) is returned to the caller{{.*}} [cescape:escape]}}
  s.in.in.in.y = 0;
  return s.in.in.in.y;
}

// A whole-struct copy: every field of the copy may hold any field's block.
char *whole_copy(void) {
  struct two t, u;
  t.a = malloc(13); // expected-remark-re {{escapes (return): malloc(13) is returned to the caller{{.*}} [cescape:escape]}}
  t.b = 0;
  u = t;
  return u.b;
}

// A struct returned whole.
struct two return_whole(void) {
  struct two t;
  t.a = malloc(14); // expected-remark-re {{escapes (return): malloc(14) is returned to the caller{{.*}} [cescape:escape]}}
  t.b = 0;
  return t;
}

// A struct passed by value to code we cannot see.
void pass_whole(void) {
  struct two t;
  t.a = malloc(15); // expected-remark-re {{escapes (extern): malloc(15){{.*}} [cescape:escape]}}
  t.b = 0;
  sink(t);
}

// Initialised from a compound literal: one value for every field.
char *compound_literal_init(void) {
  struct two t = (struct two){malloc(16), 0}; // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  return t.b;
}

// ---- Elements of short local arrays ----

// Two blocks kept in a local array, each freed on the error path: only the
// second is returned (the issue's `char *parts[2]`).
char *parts_one_returned(int fail) {
  char *parts[2];
  parts[0] = malloc(40); // expected-remark {{malloc(40) does not escape: use a stack array '_Alignas(16) char buf_storage[40]' (40 bytes), declared beside 'parts' (no fix-it) [cescape:heap-to-stack]}}
  parts[1] = malloc(41); // expected-remark-re {{escapes (return): malloc(41) is returned to the caller{{.*}} [cescape:escape]}}
  if (fail) {
    free(parts[0]);
    free(parts[1]);
    return 0;
  }
  free(parts[0]);
  return parts[1];
}

// Initialised by a list: each element gets its own initialiser.
char *parts_initialised(void) {
  char *parts[2] = {malloc(42), malloc(43)}; // expected-remark {{malloc(42) does not escape: use a stack array '_Alignas(16) char buf_storage[42]' (42 bytes), declared beside 'parts' (no fix-it) [cescape:heap-to-stack]}} expected-remark-re {{escapes (return): malloc(43) is returned to the caller{{.*}} [cescape:escape]}}
  free(parts[0]);
  return parts[1];
}

// An array inside a struct, indexed by constants.
struct pair_slots {
  char *slot[2];
  int used;
};
char *member_elements(void) {
  struct pair_slots s;
  s.slot[0] = malloc(44); // expected-remark {{malloc(44) does not escape: use a stack array '_Alignas(16) char buf_storage[44]' (44 bytes), declared beside 's' (no fix-it) [cescape:heap-to-stack]}}
  s.slot[1] = malloc(45); // expected-remark-re {{escapes (return): malloc(45) is returned to the caller{{.*}} [cescape:escape]}}
  s.used = 2;
  free(s.slot[0]);
  return s.slot[1];
}

// Collapses: a variable index reads any element.
char *parts_variable_index(int i) {
  char *parts[2];
  parts[0] = malloc(46); // expected-remark-re {{escapes (return): malloc(46) is returned to the caller{{.*}} [cescape:escape]}}
  parts[1] = 0;
  return parts[i];
}

// Collapses: the array decays to a pointer.
char *first_of(char **v);
char *parts_decayed(void) {
  char *parts[2];
  parts[0] = malloc(47); // expected-remark-re {{escapes (heap): malloc(47) is stored in memory that escapes{{.*}} [cescape:escape]}}
  parts[1] = 0;
  return first_of(parts);
}

// Collapses: an element's address is taken.
char *parts_element_address(void) {
  char *parts[2];
  char **second = &parts[1];
  parts[0] = malloc(48); // expected-remark-re {{escapes (return): malloc(48) is returned to the caller{{.*}} [cescape:escape]}}
  *second = 0;
  return second[-1];
}

// Collapses: a two-dimensional array's row decays.
char *row_decayed(void) {
  char *grid[2][2];
  grid[0][0] = malloc(49); // expected-remark-re {{escapes (return): malloc(49) is returned to the caller{{.*}} [cescape:escape]}}
  char **row = grid[0];
  return row[0];
}

// A longer array stays one location.
char *long_array(void) {
  char *many[9];
  many[0] = malloc(50); // expected-remark-re {{escapes (return): malloc(50) is returned to the caller{{.*}} [cescape:escape]}}
  many[1] = malloc(51); // expected-remark-re {{escapes (return): malloc(51) is returned to the caller{{.*}} [cescape:escape]}}
  free(many[0]);
  return many[1];
}
