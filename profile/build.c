/*
** build.c - the raw files of one profiled run (raw.h, one per process
** image) into one symbolised heap profile. Processes load files at
** different addresses, so a location is a file address in a mapping (an
** ELF file and its build ID), the same in every process.
*/
#include "profile.h"

#include "cescape.h"
#include "raw.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* An executable segment of a file in one process (a "module" line). */
typedef struct RawModule {
  uint64_t bias, start, end;
  const char *zBuildId, *zPath; /* into the file's text */
} RawModule;

static size_t u64_slot(const U64Map *m, uint64_t key) {
  size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & (m->nSlot - 1);
  while (m->aKey[h] && m->aKey[h] != key)
    h = (h + 1) & (m->nSlot - 1);
  return h;
}

void u64_put(U64Map *m, uint64_t key, uint64_t value) {
  if (2 * (m->nUsed + 1) > m->nSlot) {
    U64Map old = *m;
    m->nSlot = old.nSlot ? 2 * old.nSlot : 4096;
    m->aKey = xmalloc(sizeof(uint64_t) * m->nSlot);
    m->aValue = xmalloc(sizeof(uint64_t) * m->nSlot);
    memset(m->aKey, 0, sizeof(uint64_t) * m->nSlot);
    m->nUsed = 0;
    for (size_t i = 0; i < old.nSlot; i++)
      if (old.aKey[i])
        u64_put(m, old.aKey[i], old.aValue[i]);
    free(old.aKey);
    free(old.aValue);
  }
  size_t h = u64_slot(m, key);
  m->nUsed += m->aKey[h] == 0;
  m->aKey[h] = key;
  m->aValue[h] = value;
}

uint64_t u64_get(const U64Map *m, uint64_t key) {
  if (m->nSlot == 0)
    return 0;
  size_t h = u64_slot(m, key);
  return m->aKey[h] ? m->aValue[h] : 0;
}

typedef struct Builder {
  Profile *p;
  Symbolizer *sym;
  U64Map locations; /* mapping id << 48 | file address -> location id */
  U64Map functions; /* name << 32 | file (strings) -> function id */
} Builder;

/* The mapping id of a module's file, added when new. */
static uint64_t mapping_of(Builder *b, const RawModule *m) {
  Profile *p = b->p;
  int64_t iFile = profile_string(p, m->zPath);
  int64_t iBuildId =
      profile_string(p, strcmp(m->zBuildId, "-") ? m->zBuildId : "");
  for (size_t i = 0; i < p->nMapping; i++)
    if (p->aMapping[i].iFile == iFile && p->aMapping[i].iBuildId == iBuildId)
      return i + 1;
  return profile_add_mapping(
             p, (ProfMapping){m->start, m->end, 0, iFile, iBuildId}) +
         1;
}

static uint64_t function_of(Builder *b, const char *zName, const char *zFile) {
  uint64_t iName = (uint64_t)profile_string(b->p, zName);
  uint64_t iFile = (uint64_t)profile_string(b->p, zFile);
  uint64_t key = iName << 32 | iFile;
  uint64_t id = u64_get(&b->functions, key);
  if (id == 0) {
    id = profile_add_function(b->p,
                              (ProfFunction){(int64_t)iName, (int64_t)iFile}) +
         1;
    u64_put(&b->functions, key, id);
  }
  return id;
}

/* The location id of return address pc in a process with these modules. */
static uint64_t location_of(Builder *b, const RawModule *aMod, size_t nMod,
                            uint64_t pc) {
  const RawModule *m = NULL;
  for (size_t i = 0; i < nMod && m == NULL; i++)
    if (pc >= aMod[i].start && pc < aMod[i].end)
      m = &aMod[i];
  uint64_t idMapping = m ? mapping_of(b, m) : 0;
  uint64_t fileAddr = m ? pc - m->bias : pc;
  uint64_t key = idMapping << 48 | (fileAddr & ((1ull << 48) - 1));
  uint64_t id = u64_get(&b->locations, key);
  if (id)
    return id;
  ProfLocation l = {idMapping, pc, b->p->nLine, 0};
  if (m) {
    /* pc - 1: the call instruction, not the one after it. */
    SymFrame aFrame[32];
    const char *zWarn = NULL;
    int nFrame = symbolize(b->sym, m->zPath, m->zBuildId, fileAddr - 1, aFrame,
                           32, &zWarn);
    if (zWarn && m->zPath[0] == '/')
      cescape_warning("no source positions for %s: %s", m->zPath, zWarn);
    for (int i = 0; i < nFrame; i++) {
      if (aFrame[i].zFunction == NULL && aFrame[i].zFile == NULL)
        continue;
      uint64_t idFunction =
          function_of(b, aFrame[i].zFunction ? aFrame[i].zFunction : "??",
                      aFrame[i].zFile ? aFrame[i].zFile : "");
      profile_add_line(b->p,
                       (ProfLine){idFunction, aFrame[i].iLine, aFrame[i].iCol});
    }
  }
  l.nLine = b->p->nLine - l.iFirstLine;
  id = profile_add_location(b->p, l) + 1;
  u64_put(&b->locations, key, id);
  return id;
}

/* Add the samples of one raw file's text z to the profile. */
static int add_raw(Builder *b, char *z, const char *zName, char **pzErr) {
  RawModule *aMod = NULL;
  size_t nMod = 0, nModAlloc = 0;
  int64_t rate = 0;
  char *zLine = z, *zNext;
  int rc = 0;
  if (strncmp(z, CESCAPE_PROFILE_MAGIC "\n",
              strlen(CESCAPE_PROFILE_MAGIC) + 1)) {
    *pzErr = mprintf("%s is not a raw profile", zName);
    return 1;
  }
  for (; *zLine; zLine = zNext) {
    char *zEnd = strchr(zLine, '\n');
    zNext = zEnd ? zEnd + 1 : zLine + strlen(zLine);
    if (zEnd)
      *zEnd = 0;
    if (strncmp(zLine, "rate ", 5) == 0) {
      rate = strtoll(zLine + 5, NULL, 10);
    } else if (strncmp(zLine, "module ", 7) == 0) {
      RawModule m;
      char *zAt = zLine + 7;
      m.bias = strtoull(zAt, &zAt, 16);
      m.start = strtoull(zAt, &zAt, 16);
      m.end = strtoull(zAt, &zAt, 16);
      m.zBuildId = ++zAt;
      zAt = strchr(zAt, ' ');
      if (zAt == NULL) {
        *pzErr = mprintf("%s: a module line without a path", zName);
        rc = 1;
        break;
      }
      *zAt = 0;
      m.zPath = zAt + 1;
      if (nMod == nModAlloc) {
        nModAlloc = nModAlloc ? 2 * nModAlloc : 64;
        RawModule *aNew = xmalloc(sizeof(RawModule) * nModAlloc);
        if (nMod)
          memcpy(aNew, aMod, sizeof(RawModule) * nMod);
        free(aMod);
        aMod = aNew;
      }
      aMod[nMod++] = m;
    } else if (strncmp(zLine, "sample ", 7) == 0) {
      char *zAt = zLine + 7;
      int64_t aRaw[4];
      for (int i = 0; i < 4; i++)
        aRaw[i] = strtoll(zAt, &zAt, 10);
      ProfSample s = {.iFirstLoc = b->p->nLoc};
      while (*zAt == ' ') {
        uint64_t pc = strtoull(zAt, &zAt, 16);
        profile_add_loc(b->p, location_of(b, aMod, nMod, pc));
      }
      s.nLoc = b->p->nLoc - s.iFirstLoc;
      profile_scale(aRaw[0], aRaw[1], rate, &s.aValue[0], &s.aValue[1]);
      profile_scale(aRaw[0] - aRaw[2], aRaw[1] - aRaw[3], rate, &s.aValue[2],
                    &s.aValue[3]);
      profile_add_sample(b->p, s);
    }
  }
  free(aMod);
  return rc;
}

int profile_build(Profile *p, const char *zDir, int64_t rate, int *pnFile,
                  char **pzErr) {
  DIR *dir = opendir(zDir);
  if (dir == NULL) {
    *pzErr = mprintf("cannot read %s", zDir);
    return 1;
  }
  Builder b = {.p = p, .sym = symbolizer_new()};
  profile_init_heap(p, rate);
  struct dirent *e;
  int rc = 0;
  *pnFile = 0;
  while (rc == 0 && (e = readdir(dir)) != NULL) {
    if (strncmp(e->d_name, "raw.", 4) != 0)
      continue;
    char *zPath = mprintf("%s/%s", zDir, e->d_name);
    char *z = read_file(zPath, NULL);
    if (z == NULL) {
      *pzErr = mprintf("cannot read %s", zPath);
      rc = 1;
    } else {
      rc = add_raw(&b, z, zPath, pzErr);
      ++*pnFile;
    }
    free(z);
    free(zPath);
  }
  closedir(dir);
  symbolizer_free(b.sym);
  free(b.locations.aKey);
  free(b.locations.aValue);
  free(b.functions.aKey);
  free(b.functions.aValue);
  return rc;
}
