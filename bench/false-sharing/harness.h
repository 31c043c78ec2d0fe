/* The benchmark driver every false-sharing pattern includes: it runs the
** pattern's thread0 and thread1 at once, ITERATIONS steps each, each pinned
** to its own CPU (false sharing needs two cores; left to the scheduler on a
** busy machine, both threads often share one), and prints the wall time in
** seconds. The patterns start their threads here, by name, so cescape sees
** them as thread functions. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long iterations;

static void *thread0(void *arg);
static void *thread1(void *arg);

int main(int argc, char **argv) {
  iterations = argc > 1 ? atol(argv[1]) : 10000000;
  struct timespec begin, end;
  pthread_t first, second;
  pthread_attr_t on_cpu[2];
  for (int cpu = 0; cpu < 2; ++cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_attr_init(&on_cpu[cpu]);
    pthread_attr_setaffinity_np(&on_cpu[cpu], sizeof set, &set);
  }
  clock_gettime(CLOCK_MONOTONIC, &begin);
  pthread_create(&first, &on_cpu[0], thread0, (void *)0L);
  pthread_create(&second, &on_cpu[1], thread1, (void *)1L);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  clock_gettime(CLOCK_MONOTONIC, &end);
  printf("%.6f\n",
         (double)(end.tv_sec - begin.tv_sec) + (end.tv_nsec - begin.tv_nsec) / 1e9);
  return 0;
}
