// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// Handing a block to another thread (pthread_create, thrd_create, or a
// helper that does) makes it escape, reason (thread): its lifetime is no
// longer tied to the frame that allocated it, even when the thread is
// joined before the frame returns. Other pthread calls only use the bytes.

#include <libc.h>
#include <pthread-stub.h>

void *g_last;

// Thread functions defined in this file.
static void *reader(void *arg) {
  (void)strlen(arg);
  return 0;
}

static void *keeper(void *arg) {
  g_last = arg;
  return 0;
}

static int c11_reader(void *arg) { return *(char *)arg; }

//===----------------------------------------------------------------------===//
// Handed to a thread.
//===----------------------------------------------------------------------===//

// pthread_create's last argument goes to the thread, even when the thread
// only reads it and is joined right away.
void pthread_arg(void) {
  pthread_t t;
  char *p = malloc(16); // expected-remark-re {{escapes (thread): malloc(16) is handed to another thread{{.*}} [cescape:escape]}}
  p[0] = 0;
  pthread_create(&t, 0, reader, p);
  pthread_join(t, 0);
  free(p);
}

// A thread function that stores its argument in a global.
void pthread_arg_kept(void) {
  pthread_t t;
  char *p = malloc(16); // expected-remark-re {{escapes (thread): malloc(16) is handed to another thread{{.*}} [cescape:escape]}}
  pthread_create(&t, 0, keeper, p);
}

// C11 threads.
void thrd_arg(void) {
  thrd_t t;
  char *p = malloc(16); // expected-remark-re {{escapes (thread): malloc(16) is handed to another thread{{.*}} [cescape:escape]}}
  p[0] = 0;
  thrd_create(&t, c11_reader, p);
  thrd_join(t, 0);
  free(p);
}

// A struct on the heap that carries another block to the thread: both go,
// the inner block because the struct holding it escapes.
struct job {
  char *buf;
  int id;
};

static void *run_job(void *arg) {
  struct job *j = arg;
  j->buf[0] = (char)j->id;
  return 0;
}

void heap_job(void) {
  pthread_t t;
  struct job *j = malloc(sizeof *j); // expected-remark-re {{escapes (thread): malloc(sizeof *j) is handed to another thread{{.*}} [cescape:escape]}}
  j->buf = malloc(64); // expected-remark-re {{escapes (heap): malloc(64) is stored in memory that escapes{{.*}} [cescape:escape]}}
  j->id = 1;
  pthread_create(&t, 0, run_job, j);
}

// A struct on the stack carrying a block: the struct's address goes to the
// thread, so the block stored in it escapes.
void stack_job(void) {
  pthread_t t;
  struct job j;
  j.buf = malloc(64); // expected-remark-re {{escapes (heap): malloc(64) is stored in memory that escapes{{.*}} [cescape:escape]}}
  j.id = 2;
  pthread_create(&t, 0, run_job, &j);
  pthread_join(t, 0);
}

// A helper that starts the thread: its summary says the parameter goes to
// a thread.
static pthread_t start(void *arg) {
  pthread_t t;
  pthread_create(&t, 0, reader, arg);
  return t;
}

void through_helper(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (thread): malloc(16) is handed to another thread{{.*}} [cescape:escape]}}
  p[0] = 0;
  pthread_join(start(p), 0);
}

// A thread function called directly is an ordinary function: one that
// stores its argument makes it escape (call) ...
void keeper_called_directly(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  keeper(p);
}

// ... and one that only reads does not.
void reader_called_directly(void) {
  char *p = malloc(16); // expected-remark {{malloc(16) does not escape: use a stack array '_Alignas(16) char p_storage[16]' (16 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  reader(p);
  free(p);
}

// pthread_setspecific keeps the value for the thread: escapes.
void thread_specific(pthread_key_t key) {
  char *p = malloc(16); // expected-remark-re {{escapes (extern): malloc(16){{.*}} [cescape:escape]}}
  pthread_setspecific(key, p);
}

//===----------------------------------------------------------------------===//
// Not handed to a thread.
//===----------------------------------------------------------------------===//

// The pthread_t, attributes and mutex can be on the stack: the library only
// uses their bytes during the call.
void thread_handle_on_heap(void) {
  pthread_t *t = malloc(sizeof *t); // expected-remark {{malloc(sizeof *t) does not escape: use a stack array 'pthread_t t_storage[1]' (8 bytes) [cescape:heap-to-stack]}}
  pthread_attr_t *attr = malloc(sizeof *attr); // expected-remark {{malloc(sizeof *attr) does not escape: use a stack array 'pthread_attr_t attr_storage[1]' (56 bytes) [cescape:heap-to-stack]}}
  pthread_attr_init(attr);
  pthread_create(t, attr, reader, "");
  pthread_join(*t, 0);
  pthread_attr_destroy(attr);
  free(attr);
  free(t);
}

int locked_counter(void) {
  pthread_mutex_t *m = malloc(sizeof *m); // expected-remark-re {{malloc(sizeof *m) does not escape{{.*}} [cescape:heap-to-stack]}}
  int *n = calloc(1, sizeof *n); // expected-remark {{calloc(1, sizeof *n) does not escape: use a stack array 'int n_storage[1] = {0}' (4 bytes) [cescape:heap-to-stack]}}
  pthread_mutex_init(m, 0);
  pthread_mutex_lock(m);
  int r = ++*n;
  pthread_mutex_unlock(m);
  pthread_mutex_destroy(m);
  free(n);
  free(m);
  return r;
}

// The thread's result comes back through pthread_join: not a block of this
// frame, nothing to report for it.
int joined_result(void) {
  pthread_t t;
  void *ret;
  pthread_create(&t, 0, reader, "");
  pthread_join(t, &ret);
  return ret != 0;
}

// The twin: a block of this frame handed to the same thread is reported,
// joined or not.
int joined_block(void) {
  pthread_t t;
  void *ret;
  char *arg = malloc(8); // expected-remark-re {{escapes (thread): malloc(8) is handed to another thread{{.*}} [cescape:escape]}}
  arg[0] = 0;
  pthread_create(&t, 0, reader, arg);
  pthread_join(t, &ret);
  free(arg);
  return ret != 0;
}

// A thread function's own scratch block is on its own stack.
static void *scratch_worker(void *arg) {
  char *tmp = malloc(32); // expected-remark {{malloc(32) does not escape: use a stack array '_Alignas(16) char tmp_storage[32]' (32 bytes) [cescape:heap-to-stack]}}
  tmp[0] = *(char *)arg;
  free(tmp);
  return arg;
}

// A thread function returning a block it allocated: the thread's result
// outlives the thread's frame.
static void *producer(void *arg) {
  char *out = malloc(32); // expected-remark-re {{escapes (return): malloc(32) is returned to the caller{{.*}} [cescape:escape]}}
  out[0] = arg != 0;
  return out;
}

void start_workers(void) {
  pthread_t a, b;
  pthread_create(&a, 0, scratch_worker, "x");
  pthread_create(&b, 0, producer, 0);
}

// A thread's stack given with pthread_attr_setstack: the library keeps it
// (and it is too big for the stack anyway).
void custom_stack(void) {
  pthread_attr_t attr;
  void *stack = malloc(65536); // expected-remark-re {{escapes (extern): malloc(65536){{.*}} [cescape:escape]}}
  pthread_attr_init(&attr);
  pthread_attr_setstack(&attr, stack, 65536);
}
