// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// Calls through function pointers. A pointer that can only ever hold one
// function (a local initialised once and never reassigned nor address-taken,
// or a const global) is resolved like a direct call (Go's StaticValue);
// anything else is an unknown callee: its arguments escape, reason
// (indirect).

#include <libc.h>

typedef size_t (*reader_fn)(const char *);
typedef void (*sink_fn)(char *);

char *g_keep;

static size_t reader(const char *s) { return strlen(s); }
static void keeper(char *s) { g_keep = s; }
static void toucher(char *s) { s[0] = 1; }
void ext_sink(char *s); // no body

//===----------------------------------------------------------------------===//
// Resolved: one possible target.
//===----------------------------------------------------------------------===//

// A local initialised once, never reassigned, pointing to a reader: stack.
size_t local_reader(void) {
  reader_fn fn = reader;
  char *p = malloc(16); // expected-remark {{malloc(16) does not escape: use a stack array '_Alignas(16) char p_storage[16]' (16 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = fn(p);
  free(p);
  return n;
}

// The same with an explicit & and an explicit * at the call.
size_t local_reader_explicit(void) {
  reader_fn fn = &reader;
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = (*fn)(p);
  free(p);
  return n;
}

// A local pointing to a function that keeps its argument: escapes (call),
// just like the direct call would.
void local_keeper(void) {
  sink_fn fn = keeper;
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  fn(p);
}

// A local pointing to an extern without a body: escapes (extern).
void local_extern(void) {
  sink_fn fn = ext_sink;
  char *p = malloc(16); // expected-remark-re {{escapes (extern): malloc(16) is passed to a function whose body is not visible{{.*}} [cescape:escape]}}
  fn(p);
}

// A chain of never-reassigned locals still has one possible target (Go's
// StaticValue follows such chains).
void local_chain(void) {
  sink_fn first = toucher;
  sink_fn second = first;
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  second(p);
  free(p);
}

// A const global function pointer always holds its initializer.
static const reader_fn g_const_reader = reader;
static const sink_fn g_const_keeper = keeper;

size_t const_global_reader(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = g_const_reader(p);
  free(p);
  return n;
}

void const_global_keeper(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16){{.*}} [cescape:escape]}}
  g_const_keeper(p);
}

// A const local initialised from a function designator.
void const_local_toucher(void) {
  const sink_fn fn = toucher;
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  fn(p);
  free(p);
}

// A cast on the initializer does not hide the target.
void cast_initializer(void) {
  sink_fn fn = (sink_fn)toucher;
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  fn(p);
  free(p);
}

// A function pointer to a function defined later in the file.
static void later_toucher(char *s);
void local_to_later(void) {
  sink_fn fn = later_toucher;
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  fn(p);
  free(p);
}
static void later_toucher(char *s) { s[1] = 2; }

//===----------------------------------------------------------------------===//
// Unresolved: escapes (indirect).
//===----------------------------------------------------------------------===//

// A local that is reassigned may hold either function.
void reassigned_local(int c) {
  sink_fn fn = toucher;
  if (c)
    fn = keeper;
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16) is passed to a call through a function pointer{{.*}} [cescape:escape]}}
  fn(p);
}

// Reassigned to the same harmless function: still not resolved (the
// reassignment is all the analysis looks at).
void reassigned_same(void) {
  sink_fn fn = toucher;
  fn = toucher;
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  fn(p);
}

// A local whose address is taken may be changed through the pointer.
void set_sink(sink_fn *out);
void address_taken(void) {
  sink_fn fn = toucher;
  set_sink(&fn);
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  fn(p);
}

// A local without an initializer.
void uninitialised_then_set(void) {
  sink_fn fn;
  fn = toucher;
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  fn(p);
}

// A local chosen by a condition.
void chosen(int c) {
  sink_fn fn = c ? toucher : keeper;
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  fn(p);
}

// A function pointer parameter: the caller decides.
void through_param(sink_fn fn) {
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16) is passed to a call through a function pointer{{.*}} [cescape:escape]}}
  fn(p);
}

// A const parameter is still whatever the caller passed.
void through_const_param(const sink_fn fn) {
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  fn(p);
}

// A const local initialised from a parameter.
void const_local_from_param(sink_fn param) {
  const sink_fn fn = param;
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  fn(p);
}

// A struct field.
struct ops {
  sink_fn sink;
  reader_fn read;
};

void through_field(void) {
  struct ops o = {toucher, reader};
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16) is passed to a call through a function pointer{{.*}} [cescape:escape]}}
  o.sink(p);
}

void through_field_pointer(const struct ops *o) {
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  p[0] = 0;
  o->read(p);
  free(p);
}

// A non-const global may be reassigned anywhere.
sink_fn g_sink = toucher;
void through_global(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  g_sink(p);
}

// A static local is a global in disguise.
void through_static_local(void) {
  static sink_fn fn = toucher;
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  fn(p);
}

// An array of function pointers.
static const sink_fn table[2] = {toucher, keeper};
void through_table(int i) {
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  table[i](p);
}

// A volatile local may change behind the compiler's back.
void through_volatile(void) {
  sink_fn volatile fn = toucher;
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  fn(p);
}

// A function returning a function pointer.
sink_fn pick(int);
void through_returned(int i) {
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  pick(i)(p);
}

// A pointer to a function pointer.
void through_pointer_to_pointer(sink_fn *pf) {
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  (*pf)(p);
}

// A weak const global can be replaced by a strong definition in another
// translation unit: its initializer proves nothing.
__attribute__((weak)) const sink_fn weak_sink = toucher;
void through_weak_const(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  weak_sink(p);
}

// Only the pointer's own argument escapes; a block passed as the callee's
// other argument to a resolved call is unaffected.
void mixed(sink_fn unknown) {
  char *a = malloc(16); // expected-remark-re {{escapes (indirect): malloc(16){{.*}} [cescape:escape]}}
  char *b = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  unknown(a);
  sink_fn fn = toucher;
  fn(b);
  free(b);
}

// Function pointers to the allocator and the deallocator themselves.
void alloc_through_pointer(void) {
  void *(*alloc)(size_t) = malloc;
  void (*release)(void *) = free;
  char *p = alloc(32); // expected-remark {{alloc(32) does not escape: use a stack array '_Alignas(16) char p_storage[32]' (32 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  release(p);
}
