// Known allocation counts per site, recorded exactly with --rate 1: in the
// database (each site's row, the whole table) and in the pprof file read
// back by go tool pprof. Threads, a fork child, an exec'd child, realloc,
// free(NULL), aligned_alloc, strdup, and a wrapper whose samples belong to
// its callers.
//
// RUN: rm -rf %t && mkdir -p %t/.git && cp %s %t/counts.c && cd %t
// RUN: %clang -g -O0 -fplugin=%plugin -fplugin-arg-cescape-db=%t/c.db counts.c -o counts -lpthread 2>/dev/null
// RUN: %cescape profile --rate 1 -o %t/counts.pb.gz --db %t/c.db -- ./counts 2> %t/err
// RUN: FileCheck %s --check-prefix=STDERR < %t/err
// RUN: sqlite3 %t/c.db "SELECT path, line, alloc_objects, alloc_space, inuse_objects, inuse_space FROM profile_sites ORDER BY line, col" | FileCheck %s --match-full-lines
// RUN: sqlite3 %t/c.db "SELECT count(*) FROM profile_sites" | FileCheck %s --check-prefix=COUNT
// COUNT: 11
// RUN: go tool pprof -sample_index=alloc_objects -top -lines -nodecount=100 %t/counts.pb.gz 2>&1 | FileCheck %s --check-prefix=PPROF
// RUN: go tool pprof -sample_index=inuse_space -top -lines %t/counts.pb.gz 2>&1 | FileCheck %s --check-prefix=INUSE
// RUN: %cescape top --sample alloc_objects %t/counts.pb.gz | FileCheck %s --check-prefix=TOP
// RUN: %cescape top --sample alloc_space --lines --nodecount 1 %t/counts.pb.gz | FileCheck %s --check-prefix=TOP-LINES
// RUN: %cescape list --db %t/c.db --sort alloc_objects | FileCheck %s --check-prefix=LIST
// RUN: %cescape list --db %t/c.db | FileCheck %s --check-prefix=LIST-PLAIN
// RUN: not %cescape list --db %t/c.db --sort allocs 2>&1 | FileCheck %s --check-prefix=LIST-BAD
// RUN: %cescape report --db %t/c.db -o %t/report > /dev/null
// RUN: FileCheck %s --check-prefix=HOT < %t/report/index.html
// RUN: FileCheck %s --check-prefix=JS < %t/report/findings.js
//
// 4 processes: this one, the fork child, the one that execs and the
// exec'd image. Every allocation in this file is attributed, plus those the
// C library and the loader make (threads' stacks, stdio).
// STDERR: cescape profile: {{[0-9]+}} call stacks from 4 processes written to {{.*}}counts.pb.gz
// STDERR: cescape profile: {{[0-9]+}} of {{[0-9]+}} allocations attributed to 11 allocation sites of {{.*}}c.db
//
// PPROF: Type: alloc_objects
// PPROF-DAG: 400 {{.*}} worker {{.*}}counts.c:[[#THREAD:]]
// PPROF-DAG: 10 {{.*}} main {{.*}}counts.c:[[#LOOP:]]
// PPROF-DAG: 7 {{.*}} exec_child {{.*}}counts.c:[[#EXEC:]]
// PPROF-DAG: 5 {{.*}} main {{.*}}counts.c:[[#FORK:]]
// The wrapper's own frame, in pprof: its 4 calls.
// PPROF-DAG: 4 {{.*}} xmalloc {{.*}}counts.c:[[#WRAPPER:]]
// cescape top agrees with pprof: flat in the function, cum with callees
// (main calls exec_child and xmalloc).
// TOP: Type: alloc_objects
// TOP-NEXT: Showing nodes accounting for [[TOTAL:[0-9]+]], 100.00% of [[TOTAL]] total
// TOP-NEXT: flat  flat%   sum%        cum   cum%
// TOP-NEXT: 400 {{.*}} 400 {{.*}}  worker
// TOP-NEXT: 20 {{.*}} 35 {{.*}}  main
// TOP-NEXT: 7 {{.*}} 7 {{.*}}  exec_child
// TOP-LINES: Type: alloc_space
// TOP-LINES: 6.25kB {{.*}}  worker {{.*}}counts.c:{{[0-9]+}}:{{[0-9]+}}
// TOP-LINES-NOT: B
// The costliest first, then the rest in file order without costs; the
// wrapper's own malloc has none (its samples went to its callers).
// LIST: counts.c:{{[0-9]+}}:{{[0-9]+}}: remark: malloc(16) does not escape{{.*}}[cescape:heap-to-stack] (alloc 400 = 6.25kB, inuse 0 = 0B)
// LIST-NEXT: counts.c:{{[0-9]+}}:{{[0-9]+}}: remark: malloc(32) does not escape{{.*}} [cescape:heap-to-stack] (alloc 10 = 320B, inuse 0 = 0B)
// LIST-NEXT: counts.c:{{[0-9]+}}:{{[0-9]+}}: remark: malloc(40) does not escape{{.*}} [cescape:heap-to-stack] (alloc 7 = 280B, inuse 0 = 0B)
// LIST-PLAIN: counts.c:{{[0-9]+}}:{{[0-9]+}}: remark: escapes (return): malloc(n) is returned to the caller at {{.*}} [cescape:escape]{{$}}
// LIST-PLAIN-NEXT: counts.c:{{[0-9]+}}:{{[0-9]+}}: remark: malloc(16) {{.*}} [cescape:heap-to-stack] (alloc 400 = 6.25kB, inuse 0 = 0B)
// LIST-BAD: cescape: --sort takes alloc_objects, alloc_space, inuse_objects or inuse_space, not 'allocs'
// The report's view of hot allocations that need not be on the heap, most
// frequent first, and the finding table's cost columns.
// HOT: <table class="totals" id="hot-allocations">
// HOT: counts.c:{{[0-9]+}}:{{[0-9]+}}</a></td><td><span class="rule rule-heap-to-stack">heap-to-stack</span></td><td class="num">400</td><td class="num">6.25kB</td><td>malloc(16) does not escape
// HOT-NEXT: <td class="num">10</td><td class="num">320B</td><td>malloc(32) does not escape
// HOT-NEXT: <td class="num">7</td><td class="num">280B</td><td>malloc(40) does not escape
// HOT: <table class="findings" id="finding-table" data-profile>
// HOT: <th data-sort="allocs" class="num">Allocations</th><th data-sort="bytes" class="num">Bytes</th>
// JS: "escapes (return): malloc(n) is returned{{[^"]*}}",0,null,null]
// JS: "malloc(16) does not escape{{[^"]*}}",0,400,6400]
// INUSE: Type: inuse_space
// INUSE: 32B {{.*}} main {{.*}}counts.c:[[#KEPT:]]

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

// A wrapper: the plugin detects it, and its samples go to its callers.
static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p)
    abort();
  return p;
}

static void *worker(void *arg) {
  for (int i = 0; i < 100; i++)
    // CHECK: counts.c|[[#@LINE+1]]|400|6400|0|0
    free(malloc(16));
  return arg;
}

static void exec_child(void) {
  for (int i = 0; i < 7; i++)
    // CHECK-NEXT: counts.c|[[#@LINE+1]]|7|280|0|0
    free(malloc(40));
}

int main(int argc, char **argv) {
  if (argc > 1) {
    exec_child();
    return 0;
  }
  for (int i = 0; i < 10; i++)
    // CHECK-NEXT: counts.c|[[#@LINE+1]]|10|320|0|0
    free(malloc(32));
  for (int i = 0; i < 3; i++)
    // CHECK-NEXT: counts.c|[[#@LINE+1]]|3|192|0|0
    free(xmalloc(64));
  // CHECK-NEXT: counts.c|[[#@LINE+1]]|1|128|0|0
  free(xmalloc(128));
  // CHECK-NEXT: counts.c|[[#@LINE+1]]|1|6|0|0
  char *s = strdup("hello");
  free(s);
  // Never freed: in use at exit.
  // CHECK-NEXT: counts.c|[[#@LINE+1]]|1|32|1|32
  void *kept = calloc(4, 8);
  // realloc frees the first block and allocates the second.
  // CHECK-NEXT: counts.c|[[#@LINE+1]]|1|8|0|0
  char *r = malloc(8);
  // CHECK-NEXT: counts.c|[[#@LINE+1]]|1|100|0|0
  r = realloc(r, 100);
  free(r);
  free(NULL);
  // CHECK-NEXT: counts.c|[[#@LINE+1]]|1|128|0|0
  void *a = aligned_alloc(64, 128);
  free(a);

  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);

  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 5; i++)
      // CHECK-NEXT: counts.c|[[#@LINE+1]]|5|120|0|0
      free(malloc(24));
    _exit(0);
  }
  waitpid(pid, NULL, 0);
  pid = fork();
  if (pid == 0) {
    execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
    _exit(1);
  }
  waitpid(pid, NULL, 0);
  return kept == NULL;
}
