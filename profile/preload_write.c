/*
** preload_write.c - the raw profile (raw.h) the preloaded profiler writes.
**
** Each process image writes its own file when it exits, calls _exit, or
** execs (preload.c calls profile_write() first), from the tables preload.c
** keeps. Nothing here allocates: stdio would.
*/
#define _GNU_SOURCE
#include "preload.h"
#include "raw.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <string.h>
#include <unistd.h>

/*
** Writing the raw profile with write(2) only: stdio allocates.
*/
typedef struct Writer Writer;
struct Writer {
  int fd;
  int nBuf;
  char aBuf[8192];
};

static void put_flush(Writer *w) {
  int nDone = 0;
  while (nDone < w->nBuf) {
    ssize_t n = write(w->fd, w->aBuf + nDone, (size_t)(w->nBuf - nDone));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    nDone += (int)n;
  }
  w->nBuf = 0;
}
static void put_bytes(Writer *w, const char *z, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (w->nBuf == (int)sizeof w->aBuf)
      put_flush(w);
    w->aBuf[w->nBuf++] = z[i];
  }
}
static void put_str(Writer *w, const char *z) { put_bytes(w, z, strlen(z)); }
static void put_num(Writer *w, uint64_t v, unsigned base) {
  char aDigit[24];
  int i = (int)sizeof aDigit;
  do {
    aDigit[--i] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  put_bytes(w, aDigit + i, sizeof aDigit - (size_t)i);
}

/* Hex of the NT_GNU_BUILD_ID note of a loaded object, or "-". */
static void put_build_id(Writer *w, const struct dl_phdr_info *pInfo) {
  for (int i = 0; i < pInfo->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &pInfo->dlpi_phdr[i];
    if (ph->p_type != PT_NOTE)
      continue;
    const unsigned char *a =
        (const unsigned char *)(pInfo->dlpi_addr + ph->p_vaddr);
    size_t iAt = 0;
    while (iAt + sizeof(ElfW(Nhdr)) <= ph->p_memsz) {
      const ElfW(Nhdr) *pNote = (const ElfW(Nhdr) *)(a + iAt);
      size_t iName = iAt + sizeof(ElfW(Nhdr));
      size_t iDesc = iName + ((pNote->n_namesz + 3) & ~3u);
      iAt = iDesc + ((pNote->n_descsz + 3) & ~3u);
      if (pNote->n_type == NT_GNU_BUILD_ID && pNote->n_namesz == 4 &&
          memcmp(a + iName, "GNU", 4) == 0 && iAt <= ph->p_memsz) {
        for (size_t j = 0; j < pNote->n_descsz; j++) {
          put_bytes(w, &"0123456789abcdef"[a[iDesc + j] >> 4], 1);
          put_bytes(w, &"0123456789abcdef"[a[iDesc + j] & 15], 1);
        }
        return;
      }
    }
  }
  put_str(w, "-");
}

static int put_module(struct dl_phdr_info *pInfo, size_t nInfo, void *pArg) {
  (void)nInfo;
  Writer *w = pArg;
  char zExe[4096];
  const char *zPath = pInfo->dlpi_name;
  if (zPath == NULL || zPath[0] == 0) {
    ssize_t n = readlink("/proc/self/exe", zExe, sizeof zExe - 1);
    if (n <= 0)
      return 0;
    zExe[n] = 0;
    zPath = zExe;
  }
  for (int i = 0; i < pInfo->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &pInfo->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
      continue;
    put_str(w, "module ");
    put_num(w, pInfo->dlpi_addr, 16);
    put_str(w, " ");
    put_num(w, pInfo->dlpi_addr + ph->p_vaddr, 16);
    put_str(w, " ");
    put_num(w, pInfo->dlpi_addr + ph->p_vaddr + ph->p_memsz, 16);
    put_str(w, " ");
    put_build_id(w, pInfo);
    put_str(w, " ");
    put_str(w, zPath);
    put_str(w, "\n");
  }
  return 0;
}

/*
** The file this process image writes: PREFIX.PID.N with the first N not
** taken (an exec'd image keeps the pid), chosen on the first write.
*/
static char zFile[4096];
static pid_t filePid;

static int open_output(void) {
  if (filePid == ownerPid)
    return open(zFile, O_WRONLY | O_TRUNC | O_CLOEXEC);
  for (unsigned iSeq = 0; iSeq < 1000; iSeq++) {
    Writer name = {.fd = -1};
    put_str(&name, zOut);
    put_str(&name, ".");
    put_num(&name, (uint64_t)ownerPid, 10);
    put_str(&name, ".");
    put_num(&name, iSeq, 10);
    if (name.nBuf >= (int)sizeof zFile)
      return -1;
    memcpy(zFile, name.aBuf, (size_t)name.nBuf);
    zFile[name.nBuf] = 0;
    int fd = open(zFile, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0 || errno != EEXIST) {
      filePid = ownerPid;
      return fd;
    }
  }
  return -1;
}

/* Write this process's profile (raw.h), replacing an earlier one. */
void profile_write(void) {
  if (atomic_load(&initState) != 2 || !bEnabled || getpid() != ownerPid)
    return; /* not profiling, or a vfork child sharing the parent's tables */
  tls.nGuard++;
  static Writer w;
  w.fd = open_output();
  if (w.fd >= 0) {
    w.nBuf = 0;
    put_str(&w, CESCAPE_PROFILE_MAGIC "\nrate ");
    put_num(&w, (uint64_t)iRate, 10);
    put_str(&w, "\n");
    dl_iterate_phdr(put_module, &w); /* before the lock: see record_alloc */
    pthread_mutex_lock(&mutex);
    for (int i = 0; i < BUCKET_SLOTS; i++) {
      for (Bucket *b = apBucket[i]; b; b = b->pNext) {
        uint64_t aCount[] = {b->nAlloc, b->nAllocBytes, b->nFree,
                             b->nFreeBytes};
        put_str(&w, "sample");
        for (size_t j = 0; j < sizeof aCount / sizeof aCount[0]; j++) {
          put_str(&w, " ");
          put_num(&w, aCount[j], 10);
        }
        for (int j = 0; j < b->nPc; j++) {
          put_str(&w, " ");
          put_num(&w, (uint64_t)(uintptr_t)b->aPc[j], 16);
        }
        put_str(&w, "\n");
      }
    }
    pthread_mutex_unlock(&mutex);
    put_flush(&w);
    close(w.fd);
  }
  tls.nGuard--;
}

__attribute__((destructor)) static void profile_at_exit(void) {
  profile_write();
}
