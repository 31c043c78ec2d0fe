// Sampling at a rate above 1 (--rate 65536), the path every default-rate
// run takes: a 1 MiB block is sampled with probability 1 - exp(-16), so
// its counts are exact once scaled back; a sampled block's free is matched
// in whichever thread frees it (only the kept block is in use at exit); a
// fork child frees its parent's sampled blocks without counting them. A
// million 16-byte blocks (16 MiB) give some 250 samples, about a million
// once scaled back (six or seven digits: fewer than 25 samples would be
// needed to miss, at odds far below 1e-40).
//
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/sampled.c && cd %t
// RUN: %clang -g -O0 sampled.c -o sampled -lpthread
// RUN: %cescape profile --rate 65536 -o %t/sampled.pb.gz -- ./sampled 2>&1 | FileCheck %s --check-prefix=STDERR
// RUN: go tool pprof -sample_index=alloc_objects -top -lines -nodefraction=0 %t/sampled.pb.gz 2>/dev/null | FileCheck %s --check-prefix=ALLOC
// RUN: go tool pprof -sample_index=inuse_objects -top -lines -nodefraction=0 %t/sampled.pb.gz 2>/dev/null | FileCheck %s --check-prefix=INUSE
//
// STDERR: cescape profile: {{[0-9]+}} call stacks from 2 processes written to {{.*}}sampled.pb.gz
// ALLOC: Type: alloc_objects
// INUSE: Type: inuse_objects
// INUSE-NEXT: Showing nodes accounting for 1, 100% of 1 total

#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB (1 << 20)

static void *worker(void *arg) {
  for (int i = 0; i < 100; i++)
    // ALLOC-DAG: {{^ *}}400 {{.*}} worker {{.*}}sampled.c:[[#@LINE+1]]{{$}}
    free(malloc(MIB));
  return arg;
}

static void *free_all(void *arg) {
  void **ap = arg;
  for (int i = 0; i < 100; i++)
    free(ap[i]);
  return NULL;
}

int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);

  // Allocated here, freed by another thread.
  static void *ap[100];
  for (int i = 0; i < 100; i++)
    // ALLOC-DAG: {{^ *}}100 {{.*}} main {{.*}}sampled.c:[[#@LINE+1]]{{$}}
    ap[i] = malloc(MIB);
  pthread_create(&t[0], NULL, free_all, ap);
  pthread_join(t[0], NULL);

  // Freed by the fork child (its own profile has no such blocks) and here.
  void *aForked[8];
  for (int i = 0; i < 8; i++)
    // ALLOC-DAG: {{^ *}}8 {{.*}} main {{.*}}sampled.c:[[#@LINE+1]]{{$}}
    aForked[i] = malloc(MIB);
  pid_t pid = fork();
  for (int i = 0; i < 8; i++)
    free(aForked[i]);
  if (pid == 0)
    _exit(0);
  waitpid(pid, NULL, 0);

  for (int i = 0; i < 1000000; i++)
    // ALLOC-DAG: {{^ *[0-9]{6,7} .*}} main {{.*}}sampled.c:[[#@LINE+1]]{{$}}
    free(malloc(16));
  // ALLOC-DAG: {{^ *}}1 {{.*}} main {{.*}}sampled.c:[[#@LINE+3]]{{$}}
  // INUSE-NEXT: flat
  // INUSE-NEXT: {{^ *}}1 {{.*}} main {{.*}}sampled.c:[[#@LINE+1]]{{$}}
  void *kept = malloc(MIB);
  return kept == NULL;
}
