// RUN: %cescape_verify -target x86_64-linux-gnu %s
//
// Plain members written by functions that run as threads (started with
// pthread_create or thrd_create, and what they call, transitively) are
// contended; written by different threads, they are independent.
#include <pthread-stub.h>

struct progress {
  long parsed;
  long written; // expected-remark-re {{'parsed' and 'written' of 'struct progress' can share a 64-byte cache line (offsets 0 and 8) and are contended independently (thread-written; thread-written){{.*}} [cescape:false-sharing]}}
  long config;  // only read by the threads: not contended
};
static void *parser(void *p) {
  struct progress *s = p;
  s->parsed += s->config;
  return 0;
}
static void write_one(struct progress *s) { s->written++; }
static void flush(struct progress *s) { write_one(s); }
static void *writer(void *p) {
  flush(p); // two calls deep
  return 0;
}
void run_progress(struct progress *s) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, parser, s);
  pthread_create(&t2, 0, &writer, s);
}

// thrd_create starts threads too; a global struct.
struct tallies {
  int even;
  int odd; // expected-remark-re {{'even' and 'odd' of 'struct tallies' can share a 64-byte cache line (offsets 0 and 4) and are contended independently (thread-written; thread-written){{.*}} [cescape:false-sharing]}}
};
struct tallies g_tallies;
static int count_even(void *p) { g_tallies.even++; return 0; }
static int count_odd(void *p) { g_tallies.odd++; return 0; }
void run_tallies(void) {
  thrd_t a, b;
  thrd_create(&a, count_even, 0);
  thrd_create(&b, count_odd, 0);
}

// Not reported: every thread runs the same function and writes both fields
// (true sharing).
struct shared_pair {
  long calls;
  long last;
};
static void *worker(void *p) {
  struct shared_pair *s = p;
  s->calls++;
  s->last = 1;
  return 0;
}
void run_workers(struct shared_pair *s) {
  pthread_t t[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&t[i], 0, worker, s);
}
// The twin: each field written by a function of its own.
struct split_pair {
  long calls;
  long last; // expected-remark-re {{'calls' and 'last' of 'struct split_pair' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};
static void *caller(void *p) {
  ((struct split_pair *)p)->calls++;
  return 0;
}
static void *stamper(void *p) {
  ((struct split_pair *)p)->last = 1;
  return 0;
}
void run_split(struct split_pair *s) {
  pthread_t a, b;
  pthread_create(&a, 0, caller, s);
  pthread_create(&b, 0, stamper, s);
}

// Not reported: the threads only read.
struct settings {
  long width;
  long height;
};
static void *renderer(void *p) {
  struct settings *s = p;
  return (void *)(s->width * s->height);
}
static void *scaler(void *p) {
  struct settings *s = p;
  return (void *)(s->width + s->height);
}
void run_readers(struct settings *s) {
  pthread_t a, b;
  pthread_create(&a, 0, renderer, s);
  pthread_create(&b, 0, scaler, s);
}
// The twin: the threads write.
struct resized {
  long width;
  long height; // expected-remark-re {{'width' and 'height' of 'struct resized' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};
static void *widen(void *p) {
  ((struct resized *)p)->width++;
  return 0;
}
static void *heighten(void *p) {
  ((struct resized *)p)->height++;
  return 0;
}
void run_resizers(struct resized *s) {
  pthread_t a, b;
  pthread_create(&a, 0, widen, s);
  pthread_create(&b, 0, heighten, s);
}

// Not reported: written only before the threads start, by a function that
// does not run as a thread.
struct job {
  long input;
  long output;
};
void prepare(struct job *j) {
  j->input = 1;
  j->output = 0;
}
// The twin: written by the threads.
struct running_job {
  long input;
  long output; // expected-remark-re {{'input' and 'output' of 'struct running_job' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};
static void *feed(void *p) {
  ((struct running_job *)p)->input = 1;
  return 0;
}
static void *drain(void *p) {
  ((struct running_job *)p)->output = 0;
  return 0;
}
void run_job(struct running_job *j) {
  pthread_t a, b;
  pthread_create(&a, 0, feed, j);
  pthread_create(&b, 0, drain, j);
}

// Not reported: each thread writes its own local copy.
struct scratch {
  long a;
  long b;
};
static void *local_a(void *p) {
  struct scratch mine = {0, 0};
  mine.a++;
  return (void *)mine.a;
}
static void *local_b(void *p) {
  struct scratch mine[2] = {{0, 0}, {0, 0}};
  mine[1].b = 2;
  return (void *)mine[1].b;
}
void run_locals(void) {
  pthread_t a, b;
  pthread_create(&a, 0, local_a, 0);
  pthread_create(&b, 0, local_b, 0);
}
// The twin: one global copy.
struct shared_scratch {
  long a;
  long b; // expected-remark-re {{'a' and 'b' of 'struct shared_scratch' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};
struct shared_scratch g_scratch;
static void *global_a(void *p) {
  g_scratch.a++;
  return 0;
}
static void *global_b(void *p) {
  g_scratch.b = 2;
  return 0;
}
void run_globals(void) {
  pthread_t a, b;
  pthread_create(&a, 0, global_a, 0);
  pthread_create(&b, 0, global_b, 0);
}

// Not reported: a function that is never started as a thread writes one
// field, a thread the other: a plain field written outside threads is not
// contended.
struct handoff {
  long request;
  long reply;
};
void ask(struct handoff *h) { h->request = 1; }
static void *answer(void *p) {
  struct handoff *h = p;
  h->reply = 2;
  return 0;
}
void run_handoff(struct handoff *h) {
  pthread_t t;
  pthread_create(&t, 0, answer, h);
}
// The twin: the request written by a thread too.
struct threaded_handoff {
  long request;
  long reply; // expected-remark-re {{'request' and 'reply' of 'struct threaded_handoff' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};
static void *ask_in_thread(void *p) {
  ((struct threaded_handoff *)p)->request = 1;
  return 0;
}
static void *answer_in_thread(void *p) {
  ((struct threaded_handoff *)p)->reply = 2;
  return 0;
}
void run_threaded_handoff(struct threaded_handoff *h) {
  pthread_t a, b;
  pthread_create(&a, 0, ask_in_thread, h);
  pthread_create(&b, 0, answer_in_thread, h);
}
