/* The benchmark driver every false-sharing pattern includes: it runs the
** pattern's thread0 and thread1 at once, ITERATIONS steps each, and prints
** the wall time in seconds. The patterns start their threads here, by name,
** so cescape sees them as thread functions. */
#include <pthread.h>
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
  clock_gettime(CLOCK_MONOTONIC, &begin);
  pthread_create(&first, NULL, thread0, (void *)0L);
  pthread_create(&second, NULL, thread1, (void *)1L);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  clock_gettime(CLOCK_MONOTONIC, &end);
  printf("%.6f\n",
         (double)(end.tv_sec - begin.tv_sec) + (end.tv_nsec - begin.tv_nsec) / 1e9);
  return 0;
}
