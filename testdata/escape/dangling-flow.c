// RUN: %cescape_verify %s
// RUN: %cescape_verify -O2 %s
//
// A dangling warning needs evidence at the function's exit: the address
// still in memory that outlives the frame on some path, not undone on that
// path. Field by field (a struct holding `&t` whose other field is
// returned is no evidence) and statement by statement (a store undone
// before the return is none). Each silent case has a reported twin.

#include <libc.h>

struct token {
  int kind;
};
struct context {
  struct token *tok;
  int isError;
};

// Only the integer field of a context that holds `&t` is returned
// (SQLite's parse contexts).
int only_flag_returned(void) {
  struct token t = {0}; // nothing
  struct context c;
  c.tok = &t;
  c.isError = t.kind != 0;
  return c.isError;
}

// The context itself returned by value: its tok field is `&t`.
struct context context_returned(void) {
  struct token t = {0}; // expected-warning {{address of local variable 't' escapes its frame (return): it is returned to the caller [cescape:dangling]}}
  struct context c;
  c.tok = &t;
  c.isError = 0;
  return c; // expected-note {{the address escapes here (returned)}}
}

// Through a parameter, the integer field only.
void flag_through_param(struct context *out) {
  struct token t = {1}; // nothing
  struct context c = {&t, 0};
  out->isError = c.tok->kind;
}

// The twin: the pointer field through the parameter.
void tok_through_param(struct context *out) {
  struct token t = {1}; // expected-warning {{address of local variable 't' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
  struct context c = {&t, 0};
  out->tok = c.tok; // expected-note {{the address escapes here (stored through a parameter)}}
}

// A stand-in used when malloc fails never reaches the result
// (`allocated = pnew = malloc(..); if (!pnew) pnew = &standin; ...
// return allocated;`).
char *stand_in(size_t n) {
  char standin; // nothing
  char *allocated, *p;
  allocated = p = malloc(n);
  if (!p)
    p = &standin;
  *p = 0;
  return allocated;
}

// The twin: the stand-in itself is returned on one path.
char *stand_in_returned(size_t n) {
  char standin; // expected-warning-re {{address of local variable 'standin' escapes its frame (return){{.*}} [cescape:dangling]}}
  char *p = malloc(n);
  if (!p)
    p = &standin;
  *p = 0;
  return p; // expected-note {{the address escapes here (returned)}}
}

// A parse context pushed on a field of the caller's object and popped
// before every return.
struct parse {
  struct parse *outer;
  int depth;
};
struct db {
  struct parse *current;
};
int nested_parse(struct db *db, int depth) {
  struct parse p; // nothing
  p.outer = db->current;
  p.depth = depth;
  db->current = &p;
  int r = p.depth + 1;
  db->current = p.outer;
  return r;
}

// Popped by a visible helper.
static void pop_parse(struct db *db) { db->current = db->current->outer; }
int nested_parse_helper(struct db *db) {
  struct parse p = {db->current, 0}; // nothing
  db->current = &p;
  pop_parse(db);
  return p.depth;
}

// The twin: no helper pops it.
int nested_parse_unpopped(struct db *db) {
  struct parse p = {db->current, 0}; // expected-warning {{address of local variable 'p' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
  db->current = &p; // expected-note {{the address escapes here (stored through a parameter)}}
  return p.depth;
}

// Popped on one path only: an early return leaves it in place.
int nested_parse_early(struct db *db, int fail) {
  struct parse p; // expected-warning {{address of local variable 'p' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
  p.outer = db->current;
  db->current = &p; // expected-note {{the address escapes here (stored through a parameter)}}
  if (fail)
    return -1;
  db->current = p.outer;
  return 0;
}

// Popped in a loop's every iteration.
int parse_loop(struct db *db, int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) {
    struct parse p = {db->current, i}; // nothing
    db->current = &p;
    total += p.depth;
    db->current = p.outer;
  }
  return total;
}

// The twin: pushed in every iteration, never popped.
int parse_loop_unpopped(struct db *db, int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) {
    struct parse p = {db->current, i}; // expected-warning {{address of local variable 'p' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
    db->current = &p; // expected-note {{the address escapes here (stored through a parameter)}}
    total += p.depth;
  }
  return total;
}

// A store followed by a call that never returns: the frame never ends.
int *g_last;
void store_then_abort(void) {
  int x = 0; // nothing
  g_last = &x;
  abort();
}

// The twin: a store that stays.
void store_stays(int c) {
  int x = 0; // expected-warning-re {{address of local variable 'x' escapes its frame (global){{.*}} [cescape:dangling]}}
  g_last = &x; // expected-note {{the address escapes here (stored in a global)}}
  if (c)
    abort();
}

// A distance between two addresses of a local array is an integer, not an
// address (libyaml's scratch strings).
long g_distance;
void pointer_difference(void) {
  char buf[16]; // nothing
  char *end = buf + 8;
  g_distance = end - buf;
}

// The twin: one of the two addresses itself.
char *g_end;
void pointer_kept(void) {
  char buf[16]; // expected-warning {{address of local variable 'buf' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  char *end = buf + 8;
  g_end = end; // expected-note {{the address escapes here (stored in a global)}}
}

// An int keeps too few bits of an address to carry it.
int g_truncated;
void truncated(void) {
  int x = 0; // nothing
  g_truncated = (int)(long)&x;
}

// The twin: a long keeps every bit of it.
long g_widened;
void widened(void) {
  int x = 0; // expected-warning {{address of local variable 'x' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  g_widened = (long)&x; // expected-note {{the address escapes here (stored in a global)}}
}

// A comparison of an address is a truth value.
int g_same;
void compared(int *p) {
  int x = 0; // nothing
  g_same = p == &x;
}

// The twin: the address chosen, not compared.
int *g_chosen;
void chosen(int *p) {
  int x = 0; // expected-warning {{address of local variable 'x' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  g_chosen = p ? p : &x; // expected-note {{the address escapes here (stored in a global)}}
}

// A local struct pointing at its own scratch array through a union
// (gnulib's dynarray): the struct does not outlive the frame.
struct scratch {
  union {
    char *ptr;
    long align;
  } u;
  char small[8];
};
char first_char(void) {
  struct scratch s; // nothing
  s.u.ptr = s.small;
  s.small[0] = 'a';
  return s.u.ptr[0];
}

// The twin: the struct itself returned, still pointing at its own array.
struct scratch scratch_returned(void) {
  struct scratch s; // expected-warning {{address of local variable 's' escapes its frame (return): it is returned to the caller [cescape:dangling]}}
  s.u.ptr = s.small;
  s.small[0] = 'a';
  return s; // expected-note {{the address escapes here (returned)}}
}

// The same field written through another pointer that may be the same
// object: no evidence either way.
void maybe_same(struct db *db, struct db *other) {
  struct parse p = {0, 0}; // nothing
  db->current = &p;
  other->current = 0;
}

// Another field written through the other pointer does not undo it.
struct pair {
  struct parse *current;
  struct parse *spare;
};
void other_field(struct pair *out, struct pair *other) {
  struct parse p = {0, 0}; // expected-warning-re {{address of local variable 'p' escapes its frame (param){{.*}} [cescape:dangling]}}
  out->current = &p; // expected-note {{the address escapes here (stored through a parameter)}}
  other->spare = 0;
}

// A call to code we cannot see may undo it (or keep it): no evidence.
void unknown_call(void);
void then_unknown(struct pair *out) {
  struct parse p = {0, 0}; // nothing
  out->current = &p;
  unknown_call();
}

// The twin: a visible call that does not touch it.
static void known_call(void) {}
void then_known(struct pair *out) {
  struct parse p = {0, 0}; // expected-warning {{address of local variable 'p' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
  out->current = &p; // expected-note {{the address escapes here (stored through a parameter)}}
  known_call();
}

// A visible call that writes pointers only into its own new block does not
// touch it either.
struct node {
  struct node *next;
};
static struct node *new_node(void) {
  struct node *n = malloc(sizeof *n);
  if (n)
    n->next = 0;
  return n;
}
struct node *then_constructs(struct pair *out) {
  struct parse p = {0, 0}; // expected-warning {{address of local variable 'p' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
  out->current = &p; // expected-note {{the address escapes here (stored through a parameter)}}
  return new_node();
}

// The twin: a visible call that writes a pointer into a global may have
// replaced it (the analysis does not follow which): no evidence.
static struct parse *g_cursor;
static void reset_cursor(void) { g_cursor = 0; }
void then_resets(struct pair *out) {
  struct parse p = {0, 0}; // nothing
  out->current = &p;
  reset_cursor();
}

// A heap block that holds the address is freed, not returned.
struct box {
  int *p;
};
int boxed(void) {
  int x = 1; // nothing
  struct box *b = malloc(sizeof *b); // expected-remark-re {{malloc(sizeof *b) does not escape{{.*}} [cescape:heap-to-stack]}}
  b->p = &x;
  int r = *b->p;
  free(b);
  return r;
}

// The twin: the block is returned.
struct box *boxed_returned(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (heap): it is stored in memory that escapes [cescape:dangling]}}
  struct box *b = malloc(sizeof *b);
  b->p = &x; // expected-note {{the address escapes here (stored in memory that escapes)}}
  return b;
}

// A pointer tested for null holds no address where the test says it is
// null: here it is rebased when set and null otherwise (GNU make's
// find_percent_cached rebases into its string cache under `if (p)`).
const char *intern(const char *s);
const char *rebased_when_set(const char *s) {
  char copy[64]; // nothing
  strcpy(copy, s);
  const char *p = strchr(copy, '%');
  const char *t = intern(s);
  if (p)
    p = t + (p - copy);
  return p;
}

// Its twin: replaced only when null, so kept when set.
const char *kept_when_set(const char *s) {
  char copy[64]; // expected-warning {{address of local variable 'copy' escapes its frame (return): it is returned to the caller [cescape:dangling]}}
  strcpy(copy, s);
  const char *p = strchr(copy, '%');
  if (!p)
    p = intern(s);
  return p; // expected-note {{the address escapes here (returned)}}
}

// A pointer tested for null is null only coming from where it may be: not
// from where it holds a frame address (GNU make's find_percent_cached
// rebases `p` exactly where `copy`, an alloca block, is set).
const char *rebased_where_copied(const char *s) {
  char buf[64]; // nothing
  const char *p = strchr(s, '%');
  char *copy = 0;
  if (p && p != s && p[-1] == '\\') {
    strcpy(buf, s);
    copy = buf;
    p = strchr(copy + (p - s), '%');
  }
  if (copy) {
    const char *t = intern(copy);
    if (p)
      p = t + (p - copy);
  }
  return p;
}

// Its twin: `copy` is null where `p` still points into the buffer.
const char *copied_elsewhere(const char *s, int flag) {
  char buf[64]; // expected-warning {{address of local variable 'buf' escapes its frame (return): it is returned to the caller [cescape:dangling]}}
  strcpy(buf, s);
  const char *p = strchr(buf, '%');
  char *copy = 0;
  if (flag)
    copy = buf;
  if (copy) {
    const char *t = intern(copy);
    if (p)
      p = t + (p - copy);
  }
  return p; // expected-note {{the address escapes here (returned)}}
}
