/* Two adjacent atomic counters, one per thread. */
#include "harness.h"
#include <stdatomic.h>

struct counters {
  _Atomic long sent;
  _Atomic long received;
};
static struct counters counters;

static void *thread0(void *arg) {
  for (long i = 0; i < iterations; ++i)
    atomic_fetch_add_explicit(&counters.sent, 1, memory_order_relaxed);
  return arg;
}

static void *thread1(void *arg) {
  for (long i = 0; i < iterations; ++i)
    atomic_fetch_add_explicit(&counters.received, 1, memory_order_relaxed);
  return arg;
}
