// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// Calls to functions whose bodies are in the translation unit go through
// per-parameter summaries (Go's parameter tags): the argument escapes only
// when the callee lets it (stores it in a global, frees it, returns it to a
// caller that lets it go on, hands it to unknown code). Calls to functions
// without a body send their arguments to the heap, reason (extern), unless
// the parameter is __attribute__((noescape)).

#include <libc.h>

struct holder {
  char *buf;
  int len;
};

char *g_keep;
struct holder g_holder;

void ext_sink(char *);                             // no body: unknown code
void ext_noescape(__attribute__((noescape)) char *p); // promises not to keep p
void ext_mixed(__attribute__((noescape)) char *a, char *b);

//===----------------------------------------------------------------------===//
// Helpers with bodies.
//===----------------------------------------------------------------------===//

// Only reads the memory it is given.
static size_t count_a(const char *s) {
  size_t n = 0;
  for (; *s; ++s)
    n += *s == 'a';
  return n;
}

// Writes into the memory but keeps nothing.
static void fill(char *s, size_t n) {
  for (size_t i = 0; i < n; ++i)
    s[i] = 'x';
}

// Keeps its parameter in a global.
static void keep(char *s) { g_keep = s; }

// Returns its parameter.
static char *identity(char *s) { return s; }

// Returns a pointer into its parameter.
static char *skip_two(char *s) { return s + 2; }

// Stores its second parameter into the memory the first one points to.
static void set(struct holder *h, char *b) { h->buf = b; }

// Frees its parameter.
static void release(char *s) { free(s); }

// Hands its parameter to a function without a body.
static void forward(char *s) { ext_sink(s); }

// Passes its parameter on to another helper that only reads.
static size_t forward_read(char *s) { return count_a(s) + strlen(s); }

// Passes its parameter on to a helper that keeps it: transitive.
static void forward_keep(char *s) { keep(s); }

// A variadic helper: what arrives in `...` is not tracked.
static int log_all(const char *fmt, ...) { return fmt[0]; }

// Reads a pointer out of the struct it is given and keeps it.
static void keep_field(struct holder *h) { g_keep = h->buf; }

// Copies the pointer one struct holds into another struct.
static void copy_holder(struct holder *dst, const struct holder *src) {
  dst->buf = src->buf;
}

//===----------------------------------------------------------------------===//
// Callers.
//===----------------------------------------------------------------------===//

// A helper that only reads: the block can live on the stack.
size_t read_only(void) {
  char *p = malloc(16); // expected-remark {{malloc(16) does not escape: use a stack array '_Alignas(16) char p_storage[16]' (16 bytes) [cescape:heap-to-stack]}}
  fill(p, 15);
  p[15] = 0;
  size_t n = count_a(p);
  free(p);
  return n;
}

// A helper that stores the pointer in a global: escapes, reason (call).
void stores_global(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  keep(p);
}

// The helper returns its parameter and the caller returns the result.
char *returned_through_helper(void) {
  char *p = malloc(32); // expected-remark-re {{escapes (return): malloc(32) is returned to the caller{{.*}} [cescape:escape]}}
  return identity(p);
}

// An interior pointer returned by the helper, returned again.
char *interior_through_helper(void) {
  char *p = malloc(32); // expected-remark-re {{escapes (return): malloc(32){{.*}} [cescape:escape]}}
  return skip_two(p);
}

// The helper returns its parameter but the caller drops the result.
void result_discarded(void) {
  char *p = malloc(32); // expected-remark {{malloc(32) does not escape: use a stack array '_Alignas(16) char p_storage[32]' (32 bytes) [cescape:heap-to-stack]}}
  identity(p);
  free(p);
}

// The helper's result is kept in a local that is only read.
size_t result_used_locally(void) {
  char *p = malloc(32); // expected-remark-re {{malloc(32) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  char *q = skip_two(p);
  q[0] = 0;
  return strlen(q);
}

// The helper's result is stored in a global: the argument escapes.
void result_to_global(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (global): malloc(8) is stored in a global{{.*}} [cescape:escape]}}
  g_keep = identity(p);
}

// set() stores into the caller's local holder: still on the stack.
size_t set_local_holder(void) {
  struct holder h;
  set(&h, malloc(8)); // expected-remark-re {{malloc(8) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  h.buf[0] = 0;
  return strlen(h.buf);
}

// set() stores into a holder the caller got as a parameter: escapes.
void set_param_holder(struct holder *out) {
  set(out, malloc(8)); // expected-remark-re {{escapes (param): malloc(8) is stored through a parameter{{.*}} [cescape:escape]}}
}

// set() stores into a global holder: escapes.
void set_global_holder(void) {
  set(&g_holder, malloc(8)); // expected-remark-re {{escapes (global): malloc(8) is stored in a global{{.*}} [cescape:escape]}}
}

// set() stores into a local holder that is then returned by value.
struct holder set_returned_holder(void) {
  struct holder h = {0, 0};
  set(&h, malloc(8)); // expected-remark-re {{escapes (return): malloc(8) is returned to the caller{{.*}} [cescape:escape]}}
  return h;
}

// A helper whose body only frees its parameter is a deallocator (see
// wrappers.c): the fix-it removes the call to it.
void freed_by_helper(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  release(p);
}

// A helper that hands the pointer to an extern: escapes.
void forwarded_to_extern(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16){{.*}} [cescape:escape]}}
  forward(p);
}

// A chain of helpers that only read: stack.
size_t forwarded_to_readers(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = forward_read(p);
  free(p);
  return n;
}

// A chain of helpers that ends in a global: escapes.
void forwarded_to_keeper(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16){{.*}} [cescape:escape]}}
  forward_keep(p);
}

// A variadic helper with a body: the pointer passed in `...` escapes.
void variadic_helper(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16){{.*}} [cescape:escape]}}
  p[0] = 0;
  log_all("%s", p);
  free(p);
}

// The named parameter of the variadic helper is summarised like any other.
void variadic_named(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  log_all(p, 1, 2);
  free(p);
}

// A call to a function without a body: escapes, reason (extern).
void extern_call(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (extern): malloc(16) is passed to a function whose body is not visible{{.*}} [cescape:escape]}}
  ext_sink(p);
}

// A noescape parameter on an extern: the block stays on the stack.
void extern_noescape(void) {
  char *p = malloc(16); // expected-remark {{malloc(16) does not escape: use a stack array '_Alignas(16) char p_storage[16]' (16 bytes) [cescape:heap-to-stack]}}
  ext_noescape(p);
  free(p);
}

// noescape covers only the parameter it is written on.
void extern_mixed(void) {
  char *a = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  char *b = malloc(24); // expected-remark-re {{escapes (extern): malloc(24){{.*}} [cescape:escape]}}
  ext_mixed(a, b);
  free(a);
}

// The helper reads the pointer out of a struct and keeps it: the block the
// struct points to escapes; the struct itself is a local.
void keeps_field_of_local(void) {
  struct holder h;
  h.buf = malloc(8); // expected-remark-re {{escapes (call): malloc(8){{.*}} [cescape:escape]}}
  keep_field(&h);
}

// The helper copies a pointer from one local struct to another: stack.
size_t copy_between_locals(void) {
  struct holder a, b;
  a.buf = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  copy_holder(&b, &a);
  b.buf[0] = 0;
  return strlen(b.buf);
}

// The same helper copying into a global struct: escapes.
void copy_into_global(void) {
  struct holder a;
  a.buf = malloc(8); // expected-remark-re {{escapes (global): malloc(8){{.*}} [cescape:escape]}}
  copy_holder(&g_holder, &a);
}

// The order of definitions does not matter: later_keep and later_read are
// defined after their callers.
static void later_keep(char *s);
static size_t later_read(const char *s);

void calls_later_keep(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  later_keep(p);
}

size_t calls_later_read(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = later_read(p);
  free(p);
  return n;
}

static void later_keep(char *s) { g_keep = s; }
static size_t later_read(const char *s) { return strlen(s); }

// A helper that keeps only on one path still keeps.
static void maybe_keep(char *s, int c) {
  if (c)
    g_keep = s;
}

void conditional_keep(int c) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16){{.*}} [cescape:escape]}}
  maybe_keep(p, c);
}

// Allocations made inside a helper: returned to the caller (return). The
// helper returns a fresh block and nothing else, so it is an allocator and
// the caller's use of its result decides (see wrappers.c).
static char *make(void) {
  return malloc(64); // expected-remark-re {{escapes (return): malloc(64) is returned to the caller{{.*}} [cescape:escape]}}
}

size_t uses_make(void) {
  char *p = make(); // expected-remark {{make() does not escape: use a stack array '_Alignas(16) char p_storage[64]' (64 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  return strlen(p);
}

// A helper that allocates and frees its own block: stack, in the helper.
static size_t scratch(const char *s) {
  char *tmp = malloc(128); // expected-remark {{malloc(128) does not escape: use a stack array '_Alignas(16) char tmp_storage[128]' (128 bytes) [cescape:heap-to-stack]}}
  tmp[0] = s[0];
  size_t n = strlen(tmp);
  free(tmp);
  return n;
}

size_t uses_scratch(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = scratch(p);
  free(p);
  return n;
}

// printf is modelled: the pointer is only read.
void prints(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  printf("%s\n", p);
  free(p);
}

// The helper stores its second parameter into the variable the first one
// points to; the caller returns that variable: escapes (return).
static void out(char **dst, char *v) { *dst = v; }

char *returned_through_out_param(void) {
  char *r;
  out(&r, malloc(8)); // expected-remark-re {{escapes (return): malloc(8) is returned to the caller{{.*}} [cescape:escape]}}
  return r;
}

// The same helper, the variable is only read afterwards: stack.
size_t out_param_read(void) {
  char *r;
  out(&r, malloc(8)); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  r[0] = 0;
  return strlen(r);
}

// The helper returns a pointer read out of the struct it is given; the
// caller returns it: the block the struct holds escapes (return).
static char *get_buf(struct holder *h) { return h->buf; }

char *returned_field(void) {
  struct holder h;
  h.buf = malloc(8); // expected-remark-re {{escapes (return): malloc(8) is returned to the caller{{.*}} [cescape:escape]}}
  return get_buf(&h);
}

// A static local in the helper is a global.
static void remember(char *s) {
  static char *last;
  last = s;
}

void kept_in_static_local(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (call): malloc(8) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  remember(p);
}

// The helper frees what its parameter points to.
static void free_indirect(char **pp) { free(*pp); }

void freed_through_pointer(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (call): malloc(8) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  free_indirect(&p);
}

// The helper wraps its parameter in a local struct whose address goes to
// unknown code: the parameter leaks.
void ext_holder(struct holder *);
static void wrap_and_send(char *s) {
  struct holder h = {s, 0};
  ext_holder(&h);
}

void wrapped_then_sent(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (call): malloc(8){{.*}} [cescape:escape]}}
  wrap_and_send(p);
}

// The helper stores into a holder that itself escapes afterwards.
struct holder *g_hp;
void holder_escapes_later(void) {
  struct holder *h = malloc(sizeof *h); // expected-remark-re {{escapes (global): malloc(sizeof *h) is stored in a global{{.*}} [cescape:escape]}}
  set(h, malloc(8)); // expected-remark-re {{escapes (heap): malloc(8) is stored in memory that escapes{{.*}} [cescape:escape]}}
  g_hp = h;
}

// A weak definition can be replaced at link time by one that keeps the
// pointer: its body proves nothing, treat it like an extern.
__attribute__((weak)) void weak_hook(char *s) { (void)s; }

void calls_weak(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (extern): malloc(8) is passed to a function whose body is not visible{{.*}} [cescape:escape]}}
  weak_hook(p);
  free(p);
}

// A helper called with the same block twice in one expression.
static int same(const char *a, const char *b) { return a == b; }

int twice(void) {
  char *p = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  int r = same(p, p + 1);
  free(p);
  return r;
}

// The helper returns what its parameter points to; the caller passes an
// array of pointers and returns the result: the block in the array escapes.
static char *first(char **v) { return v[0]; }

char *returns_first(void) {
  char *arr[2];
  arr[0] = malloc(8); // expected-remark-re {{escapes (return): malloc(8) is returned to the caller{{.*}} [cescape:escape]}}
  arr[1] = 0;
  return first(arr);
}

int reads_first(void) {
  char *arr[2];
  arr[0] = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  arr[1] = 0;
  return *first(arr);
}

// A helper returning memory the caller cannot see (a global): storing a
// block through its result makes the block escape.
static struct holder *global_holder(void) { return &g_holder; }

void store_through_helper_result(void) {
  global_holder()->buf = malloc(8); // expected-remark-re {{escapes (heap): malloc(8) is stored in memory that escapes{{.*}} [cescape:escape]}}
}

// A helper returning either its parameter or a global: the parameter still
// flows only to the result.
static char *param_or_global(char *p, int c) { return c ? p : g_keep; }

int reads_param_or_global(int c) {
  char *p = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  int x = param_or_global(p, c)[0];
  free(p);
  return x;
}

void stores_param_or_global(int c) {
  char *p = malloc(8); // expected-remark-re {{escapes (global): malloc(8) is stored in a global{{.*}} [cescape:escape]}}
  g_keep = param_or_global(p, c);
}

// The helper stores its parameter into the caller's variable with memcpy.
static void put(char **out, char *v) { memcpy(out, &v, sizeof v); }

char *put_returned(void) {
  char *r;
  put(&r, malloc(8)); // expected-remark-re {{escapes (return): malloc(8) is returned to the caller{{.*}} [cescape:escape]}}
  return r;
}

int put_read(void) {
  char *r;
  put(&r, malloc(8)); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  return r[0];
}

// The helper stores through a pointer to a member of its parameter.
static void through_member(struct holder *h, char *v) {
  char **slot = &h->buf;
  *slot = v;
}

char *through_member_returned(void) {
  struct holder h;
  through_member(&h, malloc(8)); // expected-remark-re {{escapes (return): malloc(8) is returned to the caller{{.*}} [cescape:escape]}}
  return h.buf;
}
