/*
** preload.c - the heap profiler "cescape profile" preloads (LD_PRELOAD).
**
** The model is Go's heap profiler (runtime.MemProfileRate): each thread
** counts down a random number of bytes drawn from an exponential
** distribution whose mean is the rate; the allocation that crosses zero is
** sampled, so a block of S bytes is sampled with probability
** 1 - exp(-S/rate) and the reader scales counts back up. Rate 1 samples
** every allocation. A sample keeps the call stack (glibc's backtrace(),
** which unwinds through .eh_frame: no frame pointers needed) and counts in
** a bucket per distinct stack; sampled blocks are remembered so that their
** frees count too (in use = allocated - freed).
**
** The allocator functions are interposed and forward to the next definition
** (the C library's, or whatever allocator the program links). Nothing here
** allocates through them: the profiler's own memory comes from mmap, and a
** thread-local guard sends allocations made while profiling (the unwinder's,
** dlsym's) straight through, unsampled.
**
** The common case costs a few instructions: malloc subtracts its size from
** the thread's countdown and tail-calls the real one; free tests one bit of
** a small bitmap ("no sampled block hashes here") and tail-calls the real
** one. Everything else (sampling, boot blocks, initialisation) is off that
** path.
**
** Each process image writes its own file (raw.h, preload_write.c) when it
** exits, calls _exit, or execs (the exec'd program is profiled again
** through the inherited environment and writes a file of its own). A fork
** child starts empty: the parent's blocks are the parent's to report.
*/
#define _GNU_SOURCE
#include "preload.h"
#include "raw.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <execinfo.h>
#include <link.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PUBLIC __attribute__((visibility("default")))

/*
** The definitions the interposed functions forward to.
*/
static struct {
  void *(*xMalloc)(size_t);
  void *(*xCalloc)(size_t, size_t);
  void *(*xRealloc)(void *, size_t);
  void (*xFree)(void *);
  void *(*xAlignedAlloc)(size_t, size_t);
  int (*xPosixMemalign)(void **, size_t, size_t);
  void *(*xMemalign)(size_t, size_t);
  void *(*xValloc)(size_t);
  void *(*xPvalloc)(size_t);
  int (*xExecve)(const char *, char *const[], char *const[]);
  int (*xExecv)(const char *, char *const[]);
  int (*xExecvp)(const char *, char *const[]);
  int (*xExecvpe)(const char *, char *const[], char *const[]);
  int (*xFexecve)(int, char *const[], char *const[]);
  void (*xExit)(int);
} real;

/*
** Blocks are found by a hash of their address, the slot. free() must know
** at once whether a block may be one the profiler keeps (a sampled block,
** or a boot block below): a bitmap with a bit per slot, set when neither
** hashes there, read without the lock. A sampled block's bit is cleared
** before malloc returns it, so a thread that can free it sees it clear; it
** is set again, under the lock, only when the slot holds neither. All
** clear, as it is until initialisation fills it, sends every free to the
** slow path.
*/
#define BLOCK_SLOT_BITS 18
#define BLOCK_SLOTS (1 << BLOCK_SLOT_BITS)
static _Atomic uint64_t aSlotEmpty[BLOCK_SLOTS / 64];
static _Atomic uint64_t aBootSlot[BLOCK_SLOTS / 64]; /* boot blocks' slots */

static unsigned block_slot(const void *p) {
  return (unsigned)(((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull >>
                    (64 - BLOCK_SLOT_BITS));
}
static inline int bit_get(_Atomic uint64_t *aBit, unsigned i) {
  return (atomic_load_explicit(&aBit[i / 64], memory_order_acquire) >>
          (i % 64)) &
         1;
}
static void bit_set(_Atomic uint64_t *aBit, unsigned i) {
  atomic_fetch_or_explicit(&aBit[i / 64], 1ull << (i % 64),
                           memory_order_release);
}
static void bit_clear(_Atomic uint64_t *aBit, unsigned i) {
  atomic_fetch_and_explicit(&aBit[i / 64], ~(1ull << (i % 64)),
                            memory_order_release);
}

/* Every slot empty but the boot blocks'. */
static void slots_reset(void) {
  for (size_t i = 0; i < BLOCK_SLOTS / 64; i++)
    atomic_store_explicit(&aSlotEmpty[i], ~atomic_load(&aBootSlot[i]),
                          memory_order_release);
}

/*
** Allocations made while dlsym() looks the definitions up (it may call
** calloc) come from this static arena; they are never freed.
*/
#define BOOT_SIZE (64 * 1024)
static _Alignas(16) unsigned char aBoot[BOOT_SIZE];
static atomic_size_t nBootUsed;

static void *boot_alloc(size_t n) {
  size_t nBlock = 16 + ((n + 15) & ~(size_t)15);
  size_t iStart = atomic_fetch_add(&nBootUsed, nBlock);
  if (iStart + nBlock > BOOT_SIZE)
    return NULL;
  memcpy(aBoot + iStart, &n, sizeof n); /* the size, for realloc */
  bit_set(aBootSlot, block_slot(aBoot + iStart + 16));
  return aBoot + iStart + 16;
}
static int is_boot(const void *p) {
  return (const unsigned char *)p >= aBoot &&
         (const unsigned char *)p < aBoot + BOOT_SIZE;
}
static size_t boot_size(const void *p) {
  size_t n;
  memcpy(&n, (const unsigned char *)p - 16, sizeof n);
  return n;
}

THREAD_LOCAL ThreadState tls;

/* 0 not started, 1 in progress, 2 done. */
atomic_int initState;
int bEnabled;  /* CESCAPE_PROFILE_OUT is set */
int64_t iRate; /* bytes per sample on average; 1: every allocation */
/* The file name prefix, copied: programs that set their process title
   (Redis) write over their environment strings. */
char zOut[4096];
static int bResolved;                /* the definitions in "real" are known */
pid_t ownerPid;                      /* the process the tables describe */
static uintptr_t selfStart, selfEnd; /* this library's code */

/*
** The profiler's own memory: mmap'd chunks handed out by a bump pointer,
** chained so that a fork child can unmap the parent's.
*/
#define CHUNK_SIZE (1 << 20)
typedef struct Chunk Chunk;
struct Chunk {
  Chunk *pPrev;
  size_t nUsed;
};
static Chunk *pChunk;

static void *map_zeroed(size_t n) {
  void *p =
      mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

static void *chunk_alloc(size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (pChunk == NULL || pChunk->nUsed + n > CHUNK_SIZE) {
    Chunk *pNew = map_zeroed(CHUNK_SIZE);
    if (pNew == NULL)
      return NULL;
    pNew->pPrev = pChunk;
    pNew->nUsed = (sizeof(Chunk) + 15) & ~(size_t)15;
    pChunk = pNew;
  }
  void *p = (unsigned char *)pChunk + pChunk->nUsed;
  pChunk->nUsed += n;
  return p;
}

Bucket **apBucket;

/* A sampled block not freed yet, in the chain of its slot. */
typedef struct Block Block;
struct Block {
  Block *pNext;
  void *p;
  size_t n;
  Bucket *pBucket;
};
static Block **apBlock;    /* BLOCK_SLOTS chains */
static Block *pFreeBlocks; /* Block nodes for reuse */

pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;

/* Put pBlock into its slot (under the lock). */
static void block_insert(Block *pBlock) {
  unsigned iSlot = block_slot(pBlock->p);
  pBlock->pNext = apBlock[iSlot];
  apBlock[iSlot] = pBlock;
  bit_clear(aSlotEmpty, iSlot);
}

/* The tables, empty; 0 when memory ran out (profiling stops). */
static int tables_create(void) {
  pChunk = NULL;
  pFreeBlocks = NULL;
  apBucket = map_zeroed(sizeof(Bucket *) * BUCKET_SLOTS);
  apBlock = map_zeroed(sizeof(Block *) * BLOCK_SLOTS);
  return apBucket && apBlock;
}

static void tables_destroy(void) {
  while (pChunk) {
    Chunk *pPrev = pChunk->pPrev;
    munmap(pChunk, CHUNK_SIZE);
    pChunk = pPrev;
  }
  if (apBucket)
    munmap(apBucket, sizeof(Bucket *) * BUCKET_SLOTS);
  if (apBlock)
    munmap(apBlock, sizeof(Block *) * BLOCK_SLOTS);
}

/* Forget a fork parent's samples: the child reports its own. */
static void atfork_prepare(void) { pthread_mutex_lock(&mutex); }
static void atfork_parent(void) { pthread_mutex_unlock(&mutex); }
static void atfork_child(void) {
  pthread_mutex_init(&mutex, NULL);
  tables_destroy();
  if (!tables_create())
    bEnabled = 0;
  slots_reset();
  ownerPid = getpid();
  tls.iRandom = 0;
}

static int find_self(struct dl_phdr_info *pInfo, size_t nInfo, void *pArg) {
  (void)nInfo;
  uintptr_t pc = (uintptr_t)pArg;
  for (int i = 0; i < pInfo->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &pInfo->dlpi_phdr[i];
    uintptr_t start = pInfo->dlpi_addr + ph->p_vaddr;
    if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && pc >= start &&
        pc < start + ph->p_memsz) {
      selfStart = start;
      selfEnd = start + ph->p_memsz;
      return 1;
    }
  }
  return 0;
}

static void profile_init(void) {
  int iExpected = 0;
  if (!atomic_compare_exchange_strong(&initState, &iExpected, 1)) {
    /* Another thread initialises; this one's own dlsym() calls return. */
    while (atomic_load(&initState) != 2 && tls.nGuard == 0)
      sched_yield();
    return;
  }
  tls.nGuard++;
#define RESOLVE(FIELD, NAME) *(void **)&real.FIELD = dlsym(RTLD_NEXT, NAME)
  RESOLVE(xFree, "free");
  RESOLVE(xMalloc, "malloc");
  RESOLVE(xCalloc, "calloc");
  RESOLVE(xRealloc, "realloc");
  RESOLVE(xAlignedAlloc, "aligned_alloc");
  RESOLVE(xPosixMemalign, "posix_memalign");
  RESOLVE(xMemalign, "memalign");
  RESOLVE(xValloc, "valloc");
  RESOLVE(xPvalloc, "pvalloc");
  RESOLVE(xExecve, "execve");
  RESOLVE(xExecv, "execv");
  RESOLVE(xExecvp, "execvp");
  RESOLVE(xExecvpe, "execvpe");
  RESOLVE(xFexecve, "fexecve");
  RESOLVE(xExit, "_exit");
#undef RESOLVE
  bResolved = 1;
  slots_reset(); /* free() may take its fast path from here on */
  const char *zEnvOut = getenv(CESCAPE_PROFILE_ENV_OUT);
  if (zEnvOut && strlen(zEnvOut) < sizeof zOut)
    strcpy(zOut, zEnvOut);
  const char *zRate = getenv(CESCAPE_PROFILE_ENV_RATE);
  iRate = zRate ? strtoll(zRate, NULL, 10) : CESCAPE_PROFILE_DEFAULT_RATE;
  if (iRate < 1)
    iRate = CESCAPE_PROFILE_DEFAULT_RATE;
  bEnabled = zOut[0] && tables_create();
  ownerPid = getpid();
  dl_iterate_phdr(find_self, (void *)(uintptr_t)&profile_init);
  if (bEnabled) {
    /* The first backtrace() loads the unwinder (dlopen, malloc): now,
       not inside a sample. */
    void *aPc[2];
    backtrace(aPc, 2);
    pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
  }
  tls.nGuard--;
  atomic_store(&initState, 2);
}

static __attribute__((noinline)) int ready_slow(void) {
  profile_init();
  return bResolved;
}

/* Nonzero when the definitions are known (else: the boot arena). */
static inline int ready(void) {
  return __builtin_expect(
             atomic_load_explicit(&initState, memory_order_acquire) == 2, 1) ||
         ready_slow();
}

/* A uniform random number in (0, 1]: xorshift64*. */
static double next_uniform(void) {
  if (tls.iRandom == 0) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    tls.iRandom = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^
                  (uint64_t)(uintptr_t)&tls.iRandom ^ (uint64_t)getpid() << 32;
    tls.iRandom |= 1;
  }
  tls.iRandom ^= tls.iRandom >> 12;
  tls.iRandom ^= tls.iRandom << 25;
  tls.iRandom ^= tls.iRandom >> 27;
  uint64_t x = tls.iRandom * 0x2545F4914F6CDD1Dull;
  return ((double)(x >> 11) + 1.0) / 9007199254740992.0;
}

/* Bytes to the next sample: exponential with mean iRate (Go's fastexprand). */
static int64_t next_interval(void) {
  return (int64_t)(-log(next_uniform()) * (double)iRate);
}

/*
** The countdown crossed zero (or was never set): whether to sample the
** allocation of n bytes, the countdown set for the next one. Guarded
** allocations leave it expired; with profiling off it never expires again.
*/
static __attribute__((noinline, cold)) int countdown_expired(size_t n) {
  if (tls.nGuard)
    return 0;
  if (!bEnabled) {
    tls.nUntilSample = INT64_MAX;
    return 0;
  }
  if (iRate == 1) {
    tls.nUntilSample = -1;
    return 1;
  }
  if (tls.iRandom == 0) {
    /* A new thread (or fork child): its first interval starts here. */
    tls.nUntilSample = next_interval() - (int64_t)n;
    if (tls.nUntilSample >= 0)
      return 0;
  }
  tls.nUntilSample = next_interval();
  return 1;
}

/* Whether to sample an allocation of n bytes (about to be made). */
static inline int sample_due(size_t n) {
  /* Unsigned: a huge n wraps instead of overflowing. */
  tls.nUntilSample = (int64_t)((uint64_t)tls.nUntilSample - n);
  return __builtin_expect(tls.nUntilSample < 0, 0) && countdown_expired(n);
}

static uint64_t stack_hash(void *const *aPc, int nPc) {
  uint64_t h = 1469598103934665603ull;
  for (int i = 0; i < nPc; i++)
    h = (h ^ (uint64_t)(uintptr_t)aPc[i]) * 1099511628211ull;
  return h;
}

/* The bucket of a stack, created if new; NULL when memory ran out. */
static Bucket *bucket_of(void *const *aPc, int nPc) {
  uint64_t h = stack_hash(aPc, nPc);
  Bucket **ppSlot = &apBucket[h & (BUCKET_SLOTS - 1)];
  for (Bucket *b = *ppSlot; b; b = b->pNext)
    if (b->hash == h && b->nPc == nPc &&
        memcmp(b->aPc, aPc, sizeof(void *) * (size_t)nPc) == 0)
      return b;
  Bucket *b = chunk_alloc(sizeof(Bucket) + sizeof(void *) * (size_t)nPc);
  if (b == NULL)
    return NULL;
  b->hash = h;
  b->nPc = nPc;
  memcpy(b->aPc, aPc, sizeof(void *) * (size_t)nPc);
  b->pNext = *ppSlot;
  *ppSlot = b;
  return b;
}

/* Record the sampled block p of n bytes with its caller's stack. */
static void record_alloc(void *p, size_t n) {
  void *aTrace[CESCAPE_PROFILE_MAX_FRAMES + 8];
  tls.nGuard++;
  /* Outside the lock: the unwinder takes the loader's lock. */
  int nTrace = backtrace(aTrace, CESCAPE_PROFILE_MAX_FRAMES + 8);
  int iFirst = 0;
  while (iFirst < nTrace && (uintptr_t)aTrace[iFirst] >= selfStart &&
         (uintptr_t)aTrace[iFirst] < selfEnd)
    iFirst++;
  int nPc = nTrace - iFirst;
  if (nPc > CESCAPE_PROFILE_MAX_FRAMES)
    nPc = CESCAPE_PROFILE_MAX_FRAMES;
  pthread_mutex_lock(&mutex);
  Bucket *b = bucket_of(aTrace + iFirst, nPc);
  Block *pBlock = pFreeBlocks;
  if (pBlock)
    pFreeBlocks = pBlock->pNext;
  else
    pBlock = chunk_alloc(sizeof(Block));
  if (b && pBlock) {
    b->nAlloc++;
    b->nAllocBytes += n;
    pBlock->p = p;
    pBlock->n = n;
    pBlock->pBucket = b;
    block_insert(pBlock);
  }
  pthread_mutex_unlock(&mutex);
  tls.nGuard--;
}

/* p, recorded as a sample of n bytes unless the allocation failed. */
static __attribute__((noinline)) void *sampled(void *p, size_t n) {
  if (p)
    record_alloc(p, n);
  return p;
}

/*
** The result of CALL, an allocation of N bytes, sampled when the countdown
** says so. Deciding first leaves the common case a tail call.
*/
#define SAMPLED(N, CALL) (sample_due(N) ? sampled((CALL), (N)) : (CALL))

/*
** Take p out of the sampled blocks (before the block is released: its
** address may be handed out again at once). NULL when it was not sampled.
*/
static Block *take_block(void *p) {
  if (!bEnabled || tls.nGuard)
    return NULL;
  unsigned iSlot = block_slot(p);
  Block *pFound = NULL;
  pthread_mutex_lock(&mutex);
  for (Block **pp = &apBlock[iSlot]; *pp; pp = &(*pp)->pNext) {
    if ((*pp)->p == p) {
      pFound = *pp;
      *pp = pFound->pNext;
      break;
    }
  }
  if (apBlock[iSlot] == NULL && !bit_get(aBootSlot, iSlot))
    bit_set(aSlotEmpty, iSlot);
  pthread_mutex_unlock(&mutex);
  return pFound;
}

/* The block taken out was freed: count it. */
static void release_block(Block *pBlock) {
  pthread_mutex_lock(&mutex);
  pBlock->pBucket->nFree++;
  pBlock->pBucket->nFreeBytes += pBlock->n;
  pBlock->pNext = pFreeBlocks;
  pFreeBlocks = pBlock;
  pthread_mutex_unlock(&mutex);
}

/* The block taken out was not freed after all (a failed realloc). */
static void restore_block(Block *pBlock) {
  pthread_mutex_lock(&mutex);
  block_insert(pBlock);
  pthread_mutex_unlock(&mutex);
}

/*
** The interposed functions.
*/
PUBLIC void *malloc(size_t n) {
  if (!ready())
    return boot_alloc(n);
  return SAMPLED(n, real.xMalloc(n));
}

PUBLIC void *calloc(size_t nItem, size_t nSize) {
  size_t n;
  if (__builtin_mul_overflow(nItem, nSize, &n)) {
    errno = ENOMEM;
    return NULL;
  }
  if (!ready())
    return boot_alloc(n); /* mmap'd static storage: already zero */
  return SAMPLED(n, real.xCalloc(nItem, nSize));
}

/* free() of a block that may be sampled or a boot block, or before init. */
static __attribute__((noinline)) void free_slow(void *p) {
  if (p == NULL || is_boot(p) || !ready())
    return;
  Block *pBlock = take_block(p);
  real.xFree(p);
  if (pBlock)
    release_block(pBlock);
}

PUBLIC void free(void *p) {
  if (__builtin_expect(bit_get(aSlotEmpty, block_slot(p)), 1))
    real.xFree(p);
  else
    free_slow(p);
}

static __attribute__((noinline)) void *realloc_slow(void *p, size_t n) {
  if (!ready())
    return boot_alloc(n);
  if (is_boot(p)) {
    void *pNew = malloc(n);
    if (pNew) {
      size_t nOld = boot_size(p);
      memcpy(pNew, p, nOld < n ? nOld : n);
    }
    return pNew;
  }
  Block *pBlock = p ? take_block(p) : NULL;
  void *pNew = real.xRealloc(p, n);
  if (pBlock) {
    if (pNew == NULL && n != 0)
      restore_block(pBlock); /* failed: p is still allocated */
    else
      release_block(pBlock);
  }
  return SAMPLED(n, pNew);
}

PUBLIC void *realloc(void *p, size_t n) {
  if (__builtin_expect(!bit_get(aSlotEmpty, block_slot(p)), 0))
    return realloc_slow(p, n);
  return SAMPLED(n, real.xRealloc(p, n));
}

PUBLIC void *reallocarray(void *p, size_t nItem, size_t nSize) {
  size_t n;
  if (__builtin_mul_overflow(nItem, nSize, &n)) {
    errno = ENOMEM;
    return NULL;
  }
  return realloc(p, n);
}

PUBLIC void *aligned_alloc(size_t nAlign, size_t n) {
  if (!ready())
    return NULL;
  return SAMPLED(n, real.xAlignedAlloc(nAlign, n));
}

PUBLIC int posix_memalign(void **pp, size_t nAlign, size_t n) {
  if (!ready())
    return ENOMEM;
  if (!sample_due(n))
    return real.xPosixMemalign(pp, nAlign, n);
  int rc = real.xPosixMemalign(pp, nAlign, n);
  if (rc == 0)
    sampled(*pp, n);
  return rc;
}

PUBLIC void *memalign(size_t nAlign, size_t n) {
  if (!ready())
    return NULL;
  return SAMPLED(n, real.xMemalign(nAlign, n));
}

PUBLIC void *valloc(size_t n) {
  if (!ready())
    return NULL;
  return SAMPLED(n, real.xValloc(n));
}

PUBLIC void *pvalloc(size_t n) {
  if (!ready())
    return NULL;
  return SAMPLED(n, real.xPvalloc(n));
}

/* Through this library's malloc: sampled, or from the boot arena. */
PUBLIC char *strdup(const char *z) {
  size_t n = strlen(z) + 1;
  char *p = malloc(n);
  return p ? memcpy(p, z, n) : NULL;
}

PUBLIC char *strndup(const char *z, size_t nMax) {
  size_t n = strnlen(z, nMax);
  char *p = malloc(n + 1);
  if (p) {
    memcpy(p, z, n);
    p[n] = 0;
  }
  return p;
}

/*
** The exec family and _exit: the C library calls its internal execve and
** _exit, so each entry point is interposed on its own. The profile is
** written first; a failed exec goes on and writes it again later.
*/
PUBLIC int execve(const char *zPath, char *const azArg[], char *const azEnv[]) {
  ready();
  profile_write();
  return real.xExecve(zPath, azArg, azEnv);
}

PUBLIC int execv(const char *zPath, char *const azArg[]) {
  ready();
  profile_write();
  return real.xExecv(zPath, azArg);
}

PUBLIC int execvp(const char *zFile, char *const azArg[]) {
  ready();
  profile_write();
  return real.xExecvp(zFile, azArg);
}

PUBLIC int execvpe(const char *zFile, char *const azArg[],
                   char *const azEnv[]) {
  ready();
  profile_write();
  return real.xExecvpe(zFile, azArg, azEnv);
}

PUBLIC int fexecve(int fd, char *const azArg[], char *const azEnv[]) {
  ready();
  profile_write();
  return real.xFexecve(fd, azArg, azEnv);
}

/* The arguments of execl, execlp and execle, up to their NULL. */
#define COLLECT_ARGS(zFirst, ap, azArg)                                        \
  size_t nArg = 1;                                                             \
  va_start(ap, zFirst);                                                        \
  while (va_arg(ap, char *) != NULL)                                           \
    nArg++;                                                                    \
  va_end(ap);                                                                  \
  char *azArg[nArg + 1];                                                       \
  azArg[0] = (char *)zFirst;                                                   \
  va_start(ap, zFirst);                                                        \
  for (size_t i = 1; i <= nArg; i++)                                           \
    azArg[i] = va_arg(ap, char *);

PUBLIC int execl(const char *zPath, const char *zArg0, ...) {
  va_list ap;
  COLLECT_ARGS(zArg0, ap, azArg);
  va_end(ap);
  return execv(zPath, azArg);
}

PUBLIC int execlp(const char *zFile, const char *zArg0, ...) {
  va_list ap;
  COLLECT_ARGS(zArg0, ap, azArg);
  va_end(ap);
  return execvp(zFile, azArg);
}

PUBLIC int execle(const char *zPath, const char *zArg0, ...) {
  va_list ap;
  COLLECT_ARGS(zArg0, ap, azArg);
  char *const *azEnv = va_arg(ap, char *const *);
  va_end(ap);
  return execve(zPath, azArg, azEnv);
}

PUBLIC _Noreturn void _exit(int iStatus) {
  ready();
  profile_write();
  real.xExit(iStatus);
  __builtin_unreachable();
}

PUBLIC _Noreturn void _Exit(int iStatus) { _exit(iStatus); }
