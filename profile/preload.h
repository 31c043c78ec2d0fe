/*
** preload.h - what the two files of the preloaded heap profiler share.
**
** preload.c interposes the allocator and exec functions, samples and keeps
** the tables of sampled stacks and blocks; preload_write.c writes those
** tables as the raw profile (raw.h). Internal to libcescape-profile.so:
** nothing here is exported.
*/
#ifndef CESCAPE_PROFILE_PRELOAD_H
#define CESCAPE_PROFILE_PRELOAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#pragma GCC visibility push(hidden)

#define THREAD_LOCAL __thread __attribute__((tls_model("initial-exec")))

/*
** Per thread, in one block (one TLS offset to load): the sampler's
** countdown, its random state and the guard.
*/
typedef struct ThreadState ThreadState;
struct ThreadState {
  int64_t nUntilSample; /* bytes to the next sample; < 0: decide (slow path) */
  uint64_t iRandom;     /* 0: not seeded yet */
  int nGuard;           /* > 0 while the profiler itself runs */
};
extern THREAD_LOCAL ThreadState tls;

/*
** A distinct call stack and what was sampled there.
*/
typedef struct Bucket Bucket;
struct Bucket {
  Bucket *pNext;
  uint64_t hash;
  uint64_t nAlloc, nAllocBytes; /* sampled allocations */
  uint64_t nFree, nFreeBytes;   /* frees of those blocks */
  int nPc;
  void *aPc[];
};
#define BUCKET_SLOTS (1 << 16)

/* preload.c's state that preload_write.c reads. */
extern atomic_int initState;
extern int bEnabled;
extern int64_t iRate;
extern char zOut[4096];
extern pid_t ownerPid;
extern Bucket **apBucket;
extern pthread_mutex_t mutex;

/* preload_write.c */
void profile_write(void);

#pragma GCC visibility pop

#endif
