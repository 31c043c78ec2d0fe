// RUN: %cescape_verify -fopenmp -fplugin-arg-cescape-m %s
//
// An OpenMP directive may run its body in other threads, and a task after
// the function has returned: every local the directive or its clauses name
// is handed over, and with it what it holds (held blocks and split structs
// included). Without -fopenmp the pragmas are ignored and the code is
// plain C.

#include <libc.h>

struct two {
  char *a;
  char *b;
};
char *g;

// A global assigned inside the directive's body.
void global_in_task(void) {
  char *p = malloc(16); // expected-remark-re {{escapes ({{.*}}): malloc(16) {{.*}} [cescape:escape]}}
#pragma omp task
  g = p;
}

// Read by a deferred task after the function returns.
void read_by_task(int i) {
  char *p = malloc(16); // expected-remark-re {{escapes ({{.*}}): malloc(16) {{.*}} [cescape:escape]}}
  snprintf(p, 16, "task %d", i);
#pragma omp task firstprivate(p)
  puts(p);
}

// A held block and a split struct named in a task.
void held_in_task(void) {
  struct two *q = malloc(sizeof *q); // expected-remark-re {{escapes ({{.*}}): malloc(sizeof *q) {{.*}} [cescape:escape]}}
  q->a = malloc(16); // expected-remark-re {{escapes ({{.*}}): malloc(16) {{.*}} [cescape:escape]}}
#pragma omp task firstprivate(q)
  puts(q->a);
}

void split_in_task(void) {
  struct two t;
  t.a = malloc(16); // expected-remark-re {{escapes ({{.*}}): malloc(16) {{.*}} [cescape:escape]}}
#pragma omp task firstprivate(t)
  puts(t.a);
}

// Outside any directive: a stack array as usual.
void no_directive(int i) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  snprintf(p, 16, "%d", i);
  puts(p);
  free(p);
}
