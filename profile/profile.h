/*
** profile.h - a heap profile in memory, as pprof's profile.proto shapes it
** (github.com/google/pprof/proto/profile.proto), and the code that writes,
** reads and symbolises one. Used by "cescape profile" and "cescape top".
*/
#ifndef CESCAPE_PROFILE_H
#define CESCAPE_PROFILE_H

#include <stddef.h>
#include <stdint.h>

/* Strings are indices into Profile.azString; 0 is "". Ids are indices + 1. */
typedef struct ProfMapping {
  uint64_t start, limit, offset;
  int64_t iFile, iBuildId;
} ProfMapping;

typedef struct ProfFunction {
  int64_t iName, iFile;
} ProfFunction;

/* One source position of a location: a function and its line. */
typedef struct ProfLine {
  uint64_t idFunction;
  int64_t iLine, iCol;
} ProfLine;

/* A program counter, with its lines innermost (inlined) first. */
typedef struct ProfLocation {
  uint64_t idMapping;
  uint64_t address;
  size_t iFirstLine, nLine; /* in Profile.aLine */
} ProfLocation;

/* The value types of a heap profile, in Go's order. */
#define PROFILE_NVALUE 4
typedef struct ProfSample {
  size_t iFirstLoc, nLoc; /* location ids in Profile.aLoc, innermost first */
  int64_t aValue[PROFILE_NVALUE];
} ProfSample;

typedef struct Profile {
  char **azString;
  size_t nString, nStringAlloc;
  size_t *aStringSlot; /* hash index of azString: index + 1, 0 empty */
  size_t nStringSlot;
  ProfMapping *aMapping;
  size_t nMapping, nMappingAlloc;
  ProfFunction *aFunction;
  size_t nFunction, nFunctionAlloc;
  ProfLine *aLine;
  size_t nLine, nLineAlloc;
  ProfLocation *aLocation;
  size_t nLocation, nLocationAlloc;
  uint64_t *aLoc;
  size_t nLoc, nLocAlloc;
  ProfSample *aSample;
  size_t nSample, nSampleAlloc;
  int64_t aTypeName[PROFILE_NVALUE], aTypeUnit[PROFILE_NVALUE];
  size_t nType;         /* sample types read (a file may have fewer) */
  int64_t iDefaultType; /* string of the default sample type, 0: none */
  int64_t iPeriodType, iPeriodUnit; /* strings: "space", "bytes" */
  int64_t period;                   /* bytes per sample on average */
} Profile;

/*
** The sample types of a heap profile, in order:
**   PROFILE_VALUE(name, unit)
*/
#define PROFILE_VALUES                                                         \
  PROFILE_VALUE(alloc_objects, count)                                          \
  PROFILE_VALUE(alloc_space, bytes)                                            \
  PROFILE_VALUE(inuse_objects, count)                                          \
  PROFILE_VALUE(inuse_space, bytes)

void profile_init_heap(Profile *p, int64_t period);
void profile_free(Profile *p);
int64_t profile_string(Profile *p, const char *z);
/* Append to the growable arrays; return the new element's index. */
size_t profile_add_mapping(Profile *p, ProfMapping m);
size_t profile_add_function(Profile *p, ProfFunction f);
size_t profile_add_line(Profile *p, ProfLine l);
size_t profile_add_location(Profile *p, ProfLocation l);
size_t profile_add_loc(Profile *p, uint64_t idLocation);
size_t profile_add_sample(Profile *p, ProfSample s);

/* v of a sample type's unit as pprof prints it (6400 bytes: "6.25kB"),
** from xmalloc(). */
char *profile_format_value(int64_t v, const char *zUnit);

/* Write p gzipped to zPath; 0 on success, else errno-style failure. */
int profile_write(const Profile *p, const char *zPath);
/* Read a profile (gzipped or not); 0 on success, else sets *pzErr. */
int profile_read(Profile *p, const char *zPath, char **pzErr);

/*
** Go's scaleHeapSample: the counts a sample at rate stood for, given the
** sampled count and bytes (a block of S bytes is sampled with probability
** 1 - exp(-S/rate)).
*/
void profile_scale(int64_t nCount, int64_t nBytes, int64_t rate,
                   int64_t *pnCount, int64_t *pnBytes);

/*
** The raw files (raw.h) a run left in zDir, symbolised, as one profile of
** the given rate; *pnFile says how many there were.
*/
int profile_build(Profile *p, const char *zDir, int64_t rate, int *pnFile,
                  char **pzErr);

/*
** Record in database zDb, table profile_sites, the samples of p attributed
** to the allocation findings at their call sites: a sample belongs to the
** first frame outside the allocator wrappers the database knows. zCommand
** describes the run. Returns 0, or 1 after printing why.
*/
typedef struct JoinStats {
  int64_t nAllocObjects;  /* in the whole profile */
  int64_t nJoinedObjects; /* of them, attributed to a finding */
  int nSites;             /* findings' sites with samples */
} JoinStats;
int profile_join(const Profile *p, const char *zDb, const char *zCommand,
                 JoinStats *pStats);

/* Open addressing from a nonzero 64-bit key to a value (0: absent). */
typedef struct U64Map {
  uint64_t *aKey, *aValue;
  size_t nSlot, nUsed;
} U64Map;
void u64_put(U64Map *m, uint64_t key, uint64_t value);
uint64_t u64_get(const U64Map *m, uint64_t key);

/*
** Source positions of program counters in ELF files, through elfutils'
** libdw. One per run; files are opened once each and checked against the
** build ID the process saw.
*/
typedef struct Symbolizer Symbolizer;
typedef struct SymFrame {
  const char *zFunction; /* NULL when unknown */
  const char *zFile;     /* NULL when there is no line information */
  int iLine, iCol;
} SymFrame;
Symbolizer *symbolizer_new(void);
void symbolizer_free(Symbolizer *s);
/*
** The frames at file address pc (the process address minus the load bias)
** of zPath, innermost inlined function first: at most nMax, their number
** returned (0: nothing known). The strings belong to the symbolizer.
** *pzWarn is set once per file that cannot be read or whose build ID
** differs from zBuildId ("-": unknown).
*/
int symbolize(Symbolizer *s, const char *zPath, const char *zBuildId,
              uint64_t pc, SymFrame *aFrame, int nMax, const char **pzWarn);

#endif
