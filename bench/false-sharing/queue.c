/* A single-producer single-consumer ring as fast rings are written: each
** side publishes its own index on every step and keeps a private copy of
** the other's, reading the shared one only when the ring looks full (or
** empty). A side that waits yields, so that the ring also moves when both
** threads share a core. */
#include "harness.h"

#include <sched.h>

#define CAPACITY 1024

struct ring {
  unsigned long head;
  unsigned long tail;
  long items[CAPACITY];
};
static struct ring ring;

static void *thread0(void *arg) { /* the producer */
  unsigned long head_seen = 0;
  for (long i = 0; i < iterations; ++i) {
    unsigned long tail = __atomic_load_n(&ring.tail, __ATOMIC_RELAXED);
    while (tail - head_seen == CAPACITY) {
      head_seen = __atomic_load_n(&ring.head, __ATOMIC_ACQUIRE);
      if (tail - head_seen == CAPACITY)
        sched_yield();
    }
    ring.items[tail % CAPACITY] = i;
    __atomic_store_n(&ring.tail, tail + 1, __ATOMIC_RELEASE);
  }
  return arg;
}

static void *thread1(void *arg) { /* the consumer */
  long sum = 0;
  unsigned long tail_seen = 0;
  for (long i = 0; i < iterations; ++i) {
    unsigned long head = __atomic_load_n(&ring.head, __ATOMIC_RELAXED);
    while (tail_seen == head) {
      tail_seen = __atomic_load_n(&ring.tail, __ATOMIC_ACQUIRE);
      if (tail_seen == head)
        sched_yield();
    }
    sum += ring.items[head % CAPACITY];
    __atomic_store_n(&ring.head, head + 1, __ATOMIC_RELEASE);
  }
  return (void *)sum;
}
