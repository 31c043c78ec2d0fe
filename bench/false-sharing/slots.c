/* Per-thread slots of an array: each thread counts into its own element,
** atomically because a reporting thread may read the slots at any time. */
#include "harness.h"

struct slot {
  long done;
};
static struct slot slots[2];

static void *thread0(void *arg) {
  long me = (long)arg;
  for (long i = 0; i < iterations; ++i)
    __atomic_fetch_add(&slots[me].done, 1, __ATOMIC_RELAXED);
  return arg;
}

static void *thread1(void *arg) { return thread0(arg); }
