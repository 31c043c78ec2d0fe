// RUN: %cescape_verify %s
//
// A frame address handed to a new thread dangles when the function can
// return before the thread is done with it: no join and no wait (a
// semaphore or condition the thread signals once it has copied what it
// needs) between the start and the return.

#include <libc.h>
#include <pthread.h>
#include <semaphore.h>

static void *worker(void *arg) { return arg; }

// Detached: nothing waits for it.
void detached(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (thread): it is handed to a thread that is not joined before the function returns [cescape:dangling]}}
  pthread_t t;
  pthread_create(&t, 0, worker, &x); // expected-note {{the address escapes here (handed to a thread by pthread_create())}}
  pthread_detach(t);
}

// Joined on one path only.
int joined_sometimes(int c) {
  int x = 1; // expected-warning-re {{address of local variable 'x' escapes its frame (thread){{.*}} [cescape:dangling]}}
  pthread_t t;
  if (pthread_create(&t, 0, worker, &x)) // expected-note {{the address escapes here (handed to a thread by pthread_create())}}
    return -1;
  if (c)
    return 1;
  pthread_join(t, 0);
  return 0;
}

// Joined.
void joined(void) {
  int x = 1; // nothing
  pthread_t t;
  pthread_create(&t, 0, worker, &x);
  pthread_join(t, 0);
}

// The creator waits until the thread has copied its argument.
struct start {
  int value;
  sem_t copied;
};
static void *copier(void *arg) {
  struct start *s = arg;
  int v = s->value;
  sem_post(&s->copied);
  return (void *)(long)v;
}
void handshake(void) {
  struct start s = {1}; // nothing
  sem_init(&s.copied, 0, 0);
  pthread_t t;
  pthread_create(&t, 0, copier, &s);
  sem_wait(&s.copied);
  pthread_detach(t);
}

// The twin: no wait.
void no_handshake(void) {
  struct start s = {1}; // expected-warning {{address of local variable 's' escapes its frame (thread): it is handed to a thread that is not joined before the function returns [cescape:dangling]}}
  sem_init(&s.copied, 0, 0);
  pthread_t t;
  pthread_create(&t, 0, copier, &s); // expected-note {{the address escapes here (handed to a thread by pthread_create())}}
  pthread_detach(t);
}

// Joined by a visible helper.
static void join_it(pthread_t t) { pthread_join(t, 0); }
void joined_by_helper(void) {
  int x = 1; // nothing
  pthread_t t;
  pthread_create(&t, 0, worker, &x);
  join_it(t);
}

// The twin: a visible helper that detaches it.
static void detach_it(pthread_t t) { pthread_detach(t); }
void detached_by_helper(void) {
  int x = 1; // expected-warning {{address of local variable 'x' escapes its frame (thread): it is handed to a thread that is not joined before the function returns [cescape:dangling]}}
  pthread_t t;
  pthread_create(&t, 0, worker, &x); // expected-note {{the address escapes here (handed to a thread by pthread_create())}}
  detach_it(t);
}

// A static outlives every thread (the twin, an automatic x: detached()).
void static_arg(void) {
  static int x = 1; // nothing
  pthread_t t;
  pthread_create(&t, 0, worker, &x);
  pthread_detach(t);
}

// Created in one loop and joined in another over the same count (git's
// t/helper/test-trace2.c): the path that creates and skips every join is
// not one the program can take, but the CFG cannot tell. A join in a loop
// counts as waiting once the loop is reached: nothing.
int joined_in_a_loop(int nr) {
  int data = 1; // nothing
  pthread_t *pids = calloc(nr, sizeof *pids); // expected-remark-re {{calloc(nr, sizeof *pids) does not escape{{.*}} [cescape:small-buffer]}}
  if (!pids)
    return -1;
  for (int k = 0; k < nr; k++)
    if (pthread_create(&pids[k], 0, worker, &data))
      abort();
  for (int k = 0; k < nr; k++)
    if (pthread_join(pids[k], 0))
      abort();
  free(pids);
  return 0;
}

// The same with a return between the two loops: that path never reaches
// the joins.
int joined_in_a_loop_after_a_return(int nr, int fail) {
  int data = 1; // expected-warning-re {{address of local variable 'data' escapes its frame (thread){{.*}} [cescape:dangling]}}
  pthread_t *pids = calloc(nr, sizeof *pids); // expected-remark-re {{calloc(nr, sizeof *pids) does not escape{{.*}} [cescape:small-buffer]}}
  if (!pids)
    return -1;
  for (int k = 0; k < nr; k++)
    if (pthread_create(&pids[k], 0, worker, &data)) // expected-note {{the address escapes here (handed to a thread by pthread_create())}}
      abort();
  if (fail)
    return 1;
  for (int k = 0; k < nr; k++)
    if (pthread_join(pids[k], 0))
      abort();
  free(pids);
  return 0;
}
