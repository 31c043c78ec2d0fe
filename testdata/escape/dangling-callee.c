// RUN: %cescape_verify %s
//
// A stack address handed to a visible function is dangling when the
// function's summary says it keeps it beyond the call on every path (in a
// global, or in memory another parameter points to) and nothing hands the
// object back to code before the caller returns. Real code keeps a caller's
// object while it runs and unlinks it later (git's start_command /
// finish_command keep the child in a cleanup list), or keeps pointers into
// the object itself (Redis' rax iterators: their key points into the
// iterator until it grows): neither is reported.

#include <libc.h>

int *kept;
static void keep(int *p) { kept = p; }

void keeps_local(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (call): it is kept by keep() after the call returns [cescape:dangling]}}
  keep(&x); // expected-note {{the address escapes here (kept by keep())}}
}

// Kept, then handed back to code that may unlink it: no evidence left.
static void unkeep(int *p) {
  if (kept == p)
    kept = 0;
}
void keeps_then_unlinks(void) {
  int x = 1; // nothing
  keep(&x);
  unkeep(&x);
}

// The same with a cleanup function whose body is elsewhere.
void release(int *p);
void keeps_then_releases(void) {
  int x = 1; // nothing
  keep(&x);
  release(&x);
}

// Pushed on a static by one visible function and popped by another before
// the return (GNU make's install_conditionals / restore_conditionals): a
// visible callee that writes pointers outside its frame may restore what
// an earlier callee kept.
struct cond {
  int depth;
};
static struct cond *current_cond;
static struct cond *install_cond(struct cond *c) {
  struct cond *saved = current_cond;
  current_cond = c;
  return saved;
}
static void restore_cond(struct cond *saved) { current_cond = saved; }
void eval_nested(void);
void evaluates_with_conditionals(void) {
  struct cond c = {0}; // nothing
  struct cond *saved = install_cond(&c);
  eval_nested();
  restore_cond(saved);
}

// Its twin: installed and never restored.
void installs_conditionals(void) {
  struct cond c = {0}; // expected-warning {{address of local variable 'c' escapes its frame (call): it is kept by install_cond() after the call returns [cescape:dangling]}}
  install_cond(&c); // expected-note {{the address escapes here (kept by install_cond())}}
  eval_nested();
}

// A later call that is handed something else does not undo it.
void log_line(const char *s);
void keeps_then_logs(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (call): it is kept by keep() after the call returns [cescape:dangling]}}
  keep(&x); // expected-note {{the address escapes here (kept by keep())}}
  log_line("kept");
}

// A child process table in the style of git's run-command.c: started
// (linked into a global list), finished (unlinked) before the return.
struct child {
  struct child *next;
  int pid;
};
static struct child *children;
static void start_child(struct child *c) {
  c->next = children;
  children = c;
}
static void finish_child(struct child *c) {
  for (struct child **p = &children; *p; p = &(*p)->next)
    if (*p == c) {
      *p = c->next;
      break;
    }
}
int run_child(void) {
  struct child c = {0, 0}; // nothing
  start_child(&c);
  finish_child(&c);
  return c.pid;
}
int run_child_forgotten(void) {
  struct child c = {0, 0}; // expected-warning {{address of local variable 'c' escapes its frame (call): it is kept by start_child() after the call returns [cescape:dangling]}}
  start_child(&c); // expected-note {{the address escapes here (kept by start_child())}}
  return c.pid;
}

// Stored through another parameter by the callee: through a parameter.
struct holder {
  int *slot;
};
static void put(struct holder *h, int *v) { h->slot = v; }
void puts_local(struct holder *h) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (param): it is stored through a parameter [cescape:dangling]}}
  put(h, &x); // expected-note {{the address escapes here (stored through a parameter)}}
}

// A callee that keeps its argument only when a flag says so (gawk's
// make_const_string copies when asked): not kept on every path, not
// evidence (its twin, a callee that always keeps it: puts_local() above).
static void put_or_copy(struct holder *h, int *v, int copy) {
  if (copy) {
    int *c = malloc(sizeof *c);
    *c = *v;
    h->slot = c;
  } else {
    h->slot = v;
  }
}
void copies_local(struct holder *h) {
  int x = 1; // nothing
  put_or_copy(h, &x, 1);
}

// The same store in the function itself is a certain dangling pointer.
void stores_local(void) {
  int y = 1; // expected-warning {{address of local variable 'y' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  kept = &y; // expected-note {{the address escapes here (stored in a global)}}
}

// And the escape keeps a block on the heap.
void keeps_block(void) {
  int *b = malloc(sizeof *b); // nothing printed: escapes (call)
  keep(b);
}

// The twin: freed instead of kept.
int frees_block(void) {
  int *b = malloc(sizeof *b); // expected-remark-re {{malloc(sizeof *b) does not escape{{.*}} [cescape:heap-to-stack]}}
  *b = 1;
  int r = *b;
  free(b);
  return r;
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

// The twin: a callee that keeps the iterator itself.
static struct iter *published;
static void iter_publish(struct iter *it) { published = it; }
int walks_published(void) {
  struct iter it; // expected-warning {{address of local variable 'it' escapes its frame (call): it is kept by iter_publish() after the call returns [cescape:dangling]}}
  iter_start(&it);
  iter_publish(&it); // expected-note {{the address escapes here (kept by iter_publish())}}
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

// The twin: a block handed only to a callee that reads it.
static size_t iter_len(const struct iter *it) { return it->len; }
size_t walks_heap_read(void) {
  struct iter *it = malloc(sizeof *it); // expected-remark-re {{malloc(sizeof *it) does not escape{{.*}} [cescape:heap-to-stack]}}
  it->len = 0;
  size_t n = iter_len(it);
  free(it);
  return n;
}

// libc keeps an argument: setvbuf's buffer is used by every later write to
// the stream, after the frame is gone.
void buffers_stdout_locally(void) {
  char buf[512]; // expected-warning {{address of local variable 'buf' escapes its frame (call): it is kept by setvbuf() after the call returns [cescape:dangling]}}
  setvbuf(stdout, buf, 0, sizeof buf); // expected-note {{the address escapes here (kept by setvbuf())}}
}

// strtok keeps a pointer into its string too, but only a later
// strtok(NULL, ...) reads it, which code resuming someone else's string does
// not do: not evidence on its own (iproute2's strdupa + strtok).
int count_words(const char *s) {
  char copy[64]; // nothing
  int n = 0;
  for (size_t i = 0; i < sizeof copy && (copy[i] = s[i]); i++)
    ;
  copy[63] = 0;
  for (char *t = strtok(copy, " "); t; t = strtok(0, " "))
    n++;
  return n;
}

// Kept by a callee of a callee: the wrapper's summary says it keeps it too.
static void keep_wrapped(int *p) { keep(p); }
void keeps_through_wrapper(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (call): it is kept by keep_wrapped() after the call returns [cescape:dangling]}}
  keep_wrapped(&x); // expected-note {{the address escapes here (kept by keep_wrapped())}}
}

// Summaries are consulted two calls deep (DanglingCheck::MaxSummaryDepth):
// one wrapper more and the keeper is past the bound, which is silence.
static void keep_wrapped_twice(int *p) { keep_wrapped(p); }
void keeps_three_calls_deep(void) {
  int x = 1; // nothing
  keep_wrapped_twice(&x);
}

// The twin: a visible callee that only hands it to code we cannot see.
void use_elsewhere(int *p);
static void hand_on(int *p) { use_elsewhere(p); }
void handed_through_callee(void) {
  int x = 1; // nothing
  hand_on(&x);
}
