/*
** join.c - a heap profile's samples joined to a database's allocation
** findings by call site (file, line, column), into table profile_sites.
**
** A sample's frames are walked from the allocation outwards, past the
** frames inside allocators: the outermost function the database knows as
** an allocator by name (alloc= pairs, exported wrappers) and everything it
** calls, and functions called at an allocation finding (the plugin records one
*at every call of an
** allocator it knows, detected wrappers included). The first frame left
** must be at an allocation finding, else the sample stays unattributed.
*/
#include "profile.h"

#include "cescape.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* An allocation finding's site and what was attributed to it. */
typedef struct Site {
  char *zPath; /* project-relative */
  int iLine, iCol;
  size_t iNextSame; /* next site with this line and column, + 1 */
  int64_t aValue[PROFILE_NVALUE];
} Site;

typedef struct Joiner {
  Site *aSite;
  size_t nSite;
  U64Map byLineCol; /* line << 32 | col -> first site index + 1 */
  char **azAllocator;
  size_t nAllocator;
} Joiner;

/* The allocation rules: a finding at every call of a known allocator. */
static const char zAllocationRules[] =
    "('heap-to-stack', 'small-buffer', 'escape')";

static int load_sites(Joiner *j, sqlite3 *db) {
  sqlite3_stmt *pStmt;
  char *zSql = mprintf("SELECT DISTINCT path, line, col FROM findings"
                       " WHERE rule IN %s",
                       zAllocationRules);
  int rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL);
  free(zSql);
  if (rc != SQLITE_OK)
    return rc;
  size_t nAlloc = 0;
  while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
    if (j->nSite == nAlloc) {
      nAlloc = nAlloc ? 2 * nAlloc : 256;
      Site *aNew = xmalloc(sizeof(Site) * nAlloc);
      if (j->nSite)
        memcpy(aNew, j->aSite, sizeof(Site) * j->nSite);
      free(j->aSite);
      j->aSite = aNew;
    }
    Site *s = &j->aSite[j->nSite];
    memset(s, 0, sizeof *s);
    s->zPath = xstrdup((const char *)sqlite3_column_text(pStmt, 0));
    s->iLine = sqlite3_column_int(pStmt, 1);
    s->iCol = sqlite3_column_int(pStmt, 2);
    uint64_t key = (uint64_t)(uint32_t)s->iLine << 32 | (uint32_t)s->iCol;
    s->iNextSame = u64_get(&j->byLineCol, key);
    u64_put(&j->byLineCol, key, ++j->nSite);
  }
  sqlite3_finalize(pStmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int load_allocators(Joiner *j, sqlite3 *db) {
  sqlite3_stmt *pStmt;
  int rc = sqlite3_prepare_v2(
      db,
      "SELECT name FROM functions"
      " WHERE json_extract(summary, '$.allocator') IS NOT NULL"
      " UNION SELECT substr(value, 7, instr(value, ':') - 7)"
      " FROM units, json_each(units.command)"
      " WHERE value LIKE 'alloc=%:%'",
      -1, &pStmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  size_t nAlloc = 0;
  while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
    if (j->nAllocator == nAlloc) {
      nAlloc = nAlloc ? 2 * nAlloc : 16;
      char **azNew = xmalloc(sizeof(char *) * nAlloc);
      if (j->nAllocator)
        memcpy(azNew, j->azAllocator, sizeof(char *) * j->nAllocator);
      free(j->azAllocator);
      j->azAllocator = azNew;
    }
    j->azAllocator[j->nAllocator++] =
        xstrdup((const char *)sqlite3_column_text(pStmt, 0));
  }
  sqlite3_finalize(pStmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int is_allocator(const Joiner *j, const char *zName) {
  for (size_t i = 0; i < j->nAllocator; i++)
    if (strcmp(j->azAllocator[i], zName) == 0)
      return 1;
  return 0;
}

/* zFile (from DWARF, usually absolute) names project-relative zPath. */
static int same_file(const char *zFile, const char *zPath) {
  size_t nFile = strlen(zFile), nPath = strlen(zPath);
  if (nFile < nPath || strcmp(zFile + nFile - nPath, zPath) != 0)
    return 0;
  return nFile == nPath || zFile[nFile - nPath - 1] == '/';
}

/* The finding's site at a line of the profile, or NULL. */
static Site *site_at(const Joiner *j, const Profile *p, const ProfLine *l) {
  const char *zFile = p->azString[p->aFunction[l->idFunction - 1].iFile];
  uint64_t key = (uint64_t)(uint32_t)l->iLine << 32 | (uint32_t)l->iCol;
  for (size_t i = u64_get(&j->byLineCol, key); i; i = j->aSite[i - 1].iNextSame)
    if (same_file(zFile, j->aSite[i - 1].zPath))
      return &j->aSite[i - 1];
  return NULL;
}

/* The lines of sample s innermost first, into aLine (at most nMax). */
static size_t sample_lines(const Profile *p, const ProfSample *s,
                           const ProfLine **aLine, size_t nMax) {
  size_t n = 0;
  for (size_t i = 0; i < s->nLoc; i++) {
    const ProfLocation *l = &p->aLocation[p->aLoc[s->iFirstLoc + i] - 1];
    for (size_t k = 0; k < l->nLine && n < nMax; k++)
      aLine[n++] = &p->aLine[l->iFirstLine + k];
  }
  return n;
}

/*
** Whether line i of a sample is inside an allocator: a function the
** database knows by name (alloc= pairs, exported wrappers), or one called
** at an allocation finding (the plugin records one at every call of an
** allocator it knows, detected wrappers included).
*/
static int inside_allocator(const Joiner *j, const Profile *p,
                            const ProfLine **aLine, size_t n, size_t i) {
  const ProfFunction *f = &p->aFunction[aLine[i]->idFunction - 1];
  return is_allocator(j, p->azString[f->iName]) ||
         (i + 1 < n && site_at(j, p, aLine[i + 1]) != NULL);
}

/*
** The site sample s is attributed to: that of the first frame outside the
** allocators, or NULL when it is not at an allocation finding (a C library
** function allocating for itself, code the database does not cover).
*/
static Site *attribute(const Joiner *j, const Profile *p, const ProfSample *s) {
  const ProfLine *aLine[256];
  size_t n = sample_lines(p, s, aLine, 256), i = 0;
  /* Past the outermost allocator known by name: what it calls (through
     function pointers, static helpers) is its inside. */
  for (size_t k = n; k-- > 0;) {
    const ProfFunction *f = &p->aFunction[aLine[k]->idFunction - 1];
    if (is_allocator(j, p->azString[f->iName])) {
      i = k + 1;
      break;
    }
  }
  while (i < n && inside_allocator(j, p, aLine, n, i))
    i++;
  return i < n ? site_at(j, p, aLine[i]) : NULL;
}

static int write_sites(const Joiner *j, sqlite3 *db, const char *zCommand,
                       const JoinStats *pStats, int64_t rate) {
  sqlite3_stmt *pInsert = NULL, *pMeta = NULL;
  int rc = sqlite3_exec(db, "BEGIN IMMEDIATE; DELETE FROM profile_sites", NULL,
                        NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db,
                            "INSERT INTO profile_sites(path, line, col,"
                            " alloc_objects, alloc_space, inuse_objects,"
                            " inuse_space) VALUES (?,?,?,?,?,?,?)",
                            -1, &pInsert, NULL);
  for (size_t i = 0; rc == SQLITE_OK && i < j->nSite; i++) {
    const Site *s = &j->aSite[i];
    if (s->aValue[0] == 0 && s->aValue[2] == 0)
      continue;
    sqlite3_bind_text(pInsert, 1, s->zPath, -1, SQLITE_STATIC);
    sqlite3_bind_int(pInsert, 2, s->iLine);
    sqlite3_bind_int(pInsert, 3, s->iCol);
    for (int k = 0; k < PROFILE_NVALUE; k++)
      sqlite3_bind_int64(pInsert, 4 + k, s->aValue[k]);
    rc = sqlite3_step(pInsert) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    sqlite3_reset(pInsert);
  }
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(
        db,
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('profile',"
        " json_object('command', ?1, 'rate', ?2, 'alloc_objects', ?3,"
        " 'joined_alloc_objects', ?4))",
        -1, &pMeta, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(pMeta, 1, zCommand, -1, SQLITE_STATIC);
    sqlite3_bind_int64(pMeta, 2, rate);
    sqlite3_bind_int64(pMeta, 3, pStats->nAllocObjects);
    sqlite3_bind_int64(pMeta, 4, pStats->nJoinedObjects);
    rc = sqlite3_step(pMeta) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
  }
  sqlite3_finalize(pInsert);
  sqlite3_finalize(pMeta);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  return rc;
}

int profile_join(const Profile *p, const char *zDb, const char *zCommand,
                 JoinStats *pStats) {
  sqlite3 *db = open_database(zDb); /* checks what it is */
  if (db == NULL)
    return 1;
  sqlite3_close(db);
  db = NULL;
  Joiner j = {0};
  int rc = sqlite3_open_v2(zDb, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_busy_timeout(db, 30000);
    rc = load_sites(&j, db);
  }
  if (rc == SQLITE_OK)
    rc = load_allocators(&j, db);
  memset(pStats, 0, sizeof *pStats);
  for (size_t i = 0; rc == SQLITE_OK && i < p->nSample; i++) {
    const ProfSample *s = &p->aSample[i];
    Site *pSite = attribute(&j, p, s);
    pStats->nAllocObjects += s->aValue[0];
    if (pSite == NULL)
      continue;
    pStats->nJoinedObjects += s->aValue[0];
    pStats->nSites += pSite->aValue[0] == 0 && pSite->aValue[2] == 0;
    for (int k = 0; k < PROFILE_NVALUE; k++)
      pSite->aValue[k] += s->aValue[k];
  }
  if (rc == SQLITE_OK)
    rc = write_sites(&j, db, zCommand, pStats, p->period);
  if (rc != SQLITE_OK)
    cescape_error("cannot record the profile in '%s': %s", zDb,
                  db ? sqlite3_errmsg(db) : "out of memory");
  sqlite3_close(db);
  for (size_t i = 0; i < j.nSite; i++)
    free(j.aSite[i].zPath);
  free(j.aSite);
  for (size_t i = 0; i < j.nAllocator; i++)
    free(j.azAllocator[i]);
  free(j.azAllocator);
  free(j.byLineCol.aKey);
  free(j.byLineCol.aValue);
  return rc != SQLITE_OK;
}
