/* A single-producer single-consumer ring in which each side reads the
** other's index on every step (a handshake): the producer publishes tail,
** the consumer head. A side that waits yields. cescape flags it like the
** cached ring (queue.c), but here padding moves as many lines as it saves. */
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
  for (long i = 0; i < iterations; ++i) {
    unsigned long tail = __atomic_load_n(&ring.tail, __ATOMIC_RELAXED);
    while (tail - __atomic_load_n(&ring.head, __ATOMIC_ACQUIRE) == CAPACITY)
      sched_yield();
    ring.items[tail % CAPACITY] = i;
    __atomic_store_n(&ring.tail, tail + 1, __ATOMIC_RELEASE);
  }
  return arg;
}

static void *thread1(void *arg) { /* the consumer */
  long sum = 0;
  for (long i = 0; i < iterations; ++i) {
    unsigned long head = __atomic_load_n(&ring.head, __ATOMIC_RELAXED);
    while (__atomic_load_n(&ring.tail, __ATOMIC_ACQUIRE) == head)
      sched_yield();
    sum += ring.items[head % CAPACITY];
    __atomic_store_n(&ring.head, head + 1, __ATOMIC_RELEASE);
  }
  return (void *)sum;
}
