// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// Recursive functions: a strongly connected component of the call graph is
// solved as one graph (Go's batch), so a parameter that flows around the
// cycle gets the same verdict as one that flows through a plain helper.

#include <libc.h>

char *g_saved;

//===----------------------------------------------------------------------===//
// Self recursion.
//===----------------------------------------------------------------------===//

// Passes the block down and only reads it: stack.
static size_t depth_sum(const char *s, int n) {
  if (n == 0)
    return strlen(s);
  return s[n] + depth_sum(s, n - 1);
}

size_t calls_depth_sum(void) {
  char *p = malloc(32); // expected-remark {{malloc(32) does not escape: use a stack array '_Alignas(16) char p_storage[32]' (32 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = depth_sum(p, 3);
  free(p);
  return n;
}

// Passes the block down and the deepest call stores it in a global.
static void store_at_bottom(char *s, int n) {
  if (n == 0) {
    g_saved = s;
    return;
  }
  store_at_bottom(s, n - 1);
}

void calls_store_at_bottom(void) {
  char *p = malloc(32); // expected-remark-re {{escapes (call): malloc(32) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  store_at_bottom(p, 3);
}

// Returns its parameter from the bottom of the recursion; the caller
// returns the result: escapes (return).
static char *find_end(char *s) {
  if (*s == 0)
    return s;
  return find_end(s + 1);
}

char *returns_find_end(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  p[0] = 0;
  return find_end(p);
}

// The same function, its result only read: stack.
int reads_find_end(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  int c = *find_end(p);
  free(p);
  return c;
}

// A recursive function that allocates a block per level and passes it down
// to the next level, which only reads it: each frame's block is its own,
// but C stacks do not grow, so recursion keeps it on the heap.
static size_t per_level(const char *parent, int n) {
  if (n == 0)
    return parent ? strlen(parent) : 0;
  char *mine = malloc(8); // expected-remark {{escapes (size): malloc(8) is allocated by a recursive function: every level would keep 8 bytes on the stack [cescape:escape]}}
  mine[0] = 0;
  size_t r = per_level(mine, n - 1);
  free(mine);
  return r;
}

size_t calls_per_level(void) { return per_level(0, 4); }

// The same with a size known only at run time: no small buffer per level
// either.
static size_t per_level_sized(const char *parent, size_t len, int n) {
  if (n == 0)
    return parent ? strlen(parent) : 0;
  char *mine = malloc(len); // expected-remark {{escapes (size): malloc(len) is allocated by a recursive function: every level would keep 256 bytes on the stack [cescape:escape]}}
  mine[0] = 0;
  size_t r = per_level_sized(mine, len, n - 1);
  free(mine);
  return r;
}

size_t calls_per_level_sized(size_t len) { return per_level_sized(0, len, 4); }

// A recursive function that allocates a node per level and returns it to
// its caller: every block escapes (return).
struct node {
  struct node *next;
  int value;
};

static struct node *build_list(int n) {
  if (n == 0)
    return 0;
  struct node *head = malloc(sizeof *head); // expected-remark-re {{escapes (return): malloc(sizeof *head) is returned to the caller{{.*}} [cescape:escape]}}
  head->value = n;
  head->next = build_list(n - 1);
  return head;
}

int list_length(void) {
  int len = 0;
  for (struct node *it = build_list(3); it; it = it->next)
    ++len;
  return len;
}

// A recursive function frees its parameter at the bottom: escapes (call)
// for the caller, and the recursive function's own block too.
static void free_at_bottom(char *s, int n) {
  if (n == 0) {
    free(s);
    return;
  }
  free_at_bottom(s, n - 1);
}

void calls_free_at_bottom(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (call): malloc(8) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  free_at_bottom(p, 2);
}

// A recursive function whose own block goes down to a level that frees it.
static void own_block_freed_below(char *prev, int n) {
  if (prev)
    free(prev);
  if (n == 0)
    return;
  char *next = malloc(8); // expected-remark-re {{escapes (call): malloc(8){{.*}} [cescape:escape]}}
  own_block_freed_below(next, n - 1);
}

void calls_own_block_freed_below(void) { own_block_freed_below(0, 3); }

// A recursive function that stores the parameter into the memory another
// parameter points to at the bottom.
static void store_into(char **slot, char *v, int n) {
  if (n == 0) {
    *slot = v;
    return;
  }
  store_into(slot, v, n - 1);
}

size_t store_into_local(void) {
  char *r = 0;
  store_into(&r, malloc(8), 2); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  r[0] = 0;
  return strlen(r);
}

char *store_into_returned(void) {
  char *r = 0;
  store_into(&r, malloc(8), 2); // expected-remark-re {{escapes (return): malloc(8) is returned to the caller{{.*}} [cescape:escape]}}
  return r;
}

//===----------------------------------------------------------------------===//
// Mutual recursion.
//===----------------------------------------------------------------------===//

static size_t ping(const char *s, int n);
static size_t pong(const char *s, int n);

// ping and pong only read the block they pass to each other: stack.
static size_t ping(const char *s, int n) { return n ? pong(s, n - 1) : s[0]; }
static size_t pong(const char *s, int n) { return n ? ping(s, n - 1) : strlen(s); }

size_t calls_ping(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = ping(p, 5);
  free(p);
  return n;
}

// even/odd pass the block around and odd keeps it in a global.
static void even_keep(char *s, int n);
static void odd_keep(char *s, int n) {
  if (n == 1)
    g_saved = s;
  else
    even_keep(s, n - 1);
}
static void even_keep(char *s, int n) {
  if (n)
    odd_keep(s, n - 1);
}

void calls_even_keep(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16){{.*}} [cescape:escape]}}
  even_keep(p, 4);
}

// Entering the same cycle from the other function escapes too.
void calls_odd_keep(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16){{.*}} [cescape:escape]}}
  odd_keep(p, 3);
}

// Mutual recursion that returns the parameter around the cycle.
static char *a_ret(char *s, int n);
static char *b_ret(char *s, int n) { return n ? a_ret(s, n - 1) : s; }
static char *a_ret(char *s, int n) { return n ? b_ret(s + 1, n - 1) : s; }

char *returns_a_ret(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  return a_ret(p, 4);
}

// Its result only read: the block never leaves this frame. (The value
// reaches b_ret's result inside the cycle, then a_ret's own result; that is
// a flow to the caller, not a leak to the heap.)
int reads_a_ret(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[4] = 1;
  int c = *a_ret(p, 4);
  free(p);
  return c;
}

// A function in the cycle allocates and the other one keeps it; the cycle
// is one graph, so the global store is seen directly: reason (global).
static void producer(int n);
static void consumer(char *s, int n) {
  g_saved = s;
  if (n)
    producer(n - 1);
}
static void producer(int n) {
  char *p = malloc(16); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
  consumer(p, n);
}

void start_producer(void) { producer(2); }

// A function in the cycle allocates and the other one only reads it: it
// does not escape, but every level of the recursion would keep one.
static size_t reader(const char *s, int n);
static size_t maker(int n) {
  char *p = malloc(16); // expected-remark-re {{escapes (size): malloc(16) is allocated by a recursive function{{.*}} [cescape:escape]}}
  p[0] = 0;
  size_t r = reader(p, n);
  free(p);
  return r;
}
static size_t reader(const char *s, int n) { return n ? maker(n - 1) + strlen(s) : 0; }

size_t start_maker(void) { return maker(3); }

// Each level stores its block through a pointer into the previous level's
// block: the memory a parameter points to outlives the frame.
static void link_up(struct node **slot, int n) {
  if (n == 0)
    return;
  struct node *mine = malloc(sizeof *mine); // expected-remark-re {{escapes (param): malloc(sizeof *mine) is stored through a parameter{{.*}} [cescape:escape]}}
  mine->next = 0;
  mine->value = n;
  *slot = mine;
  link_up(&mine->next, n - 1);
}

int build_linked(void) {
  struct node *head = 0;
  link_up(&head, 3);
  return head ? head->value : 0;
}

// A level keeps a pointer to its parent's block in a global only at the
// bottom: the parent's block escapes even though the caller is recursive.
static void keep_parent(const char *parent, int n) {
  if (n == 0) {
    g_saved = (char *)parent;
    return;
  }
  char *mine = malloc(8); // expected-remark-re {{escapes (global): malloc(8) is stored in a global{{.*}} [cescape:escape]}}
  mine[0] = 0;
  keep_parent(mine, n - 1);
}

void calls_keep_parent(void) { keep_parent("", 2); }

// Recursion through a table of function pointers: visit's address is taken
// and it calls through a pointer, so it may be re-entered: no stack array.
struct tnode {
  struct tnode *kid;
  int v;
};
void visit(struct tnode *n, int d);
static void (*const visit_table[1])(struct tnode *, int) = {visit};
void visit(struct tnode *n, int d) {
  char *buf = malloc(64); // expected-remark-re {{escapes (size): malloc(64) is allocated by a recursive function{{.*}} [cescape:escape]}}
  buf[0] = (char)n->v;
  if (n->kid)
    visit_table[0](n->kid, d + 1);
  free(buf);
}

// Address taken but never calling through a pointer: it cannot be re-entered
// that way, so it is not recursive.
static int callback_only(void) {
  char *buf = malloc(32); // expected-remark-re {{malloc(32) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  buf[0] = 1;
  int r = buf[0];
  free(buf);
  return r;
}
int (*const callback_table[1])(void) = {callback_only};
