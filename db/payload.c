/*
** payload.c - writing, checking and loading one unit's rows (payload.h).
*/
#include "payload.h"

#include "cescape_schema.h"

#include <assert.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { VALUE_NULL = 0, VALUE_INT = 1, VALUE_TEXT = 2 };

static const struct {
  unsigned char cTag;
  const char *zTypes;
  const char *zSql;
} aRow[] = {
#define CESCAPE_PAYLOAD_ROW(NAME, TAG, TYPES, SQL) {TAG, TYPES, SQL},
#include "payload.def"
#undef CESCAPE_PAYLOAD_ROW
};

/* The most values a row has. */
#define MAX_VALUES 16

static uint64_t fnv1a(const unsigned char *a, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  size_t i;
  for (i = 0; i < n; i++)
    h = (h ^ a[i]) * 0x100000001b3ull;
  return h;
}

static uint64_t rotl64(uint64_t v, int r) { return v << r | v >> (64 - r); }

/* Eight bytes at a a word at a time (a source text is megabytes), one
** multiply-rotate round per word and a final avalanche (as xxHash's). */
void cescape_source_hash(const char *z, size_t n,
                         char zHash[CESCAPE_SOURCE_HASH_SIZE]) {
  const uint64_t k1 = 0x9e3779b185ebca87ull, k2 = 0xc2b2ae3d27d4eb4full;
  const unsigned char *a = (const unsigned char *)z;
  uint64_t h = 0x27d4eb2f165667c5ull ^ ((uint64_t)n * k1), w;
  size_t i = 0, j;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, a + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    h = rotl64(h ^ w * k2, 31) * k1;
  }
  for (w = 0, j = 0; i + j < n; j++)
    w |= (uint64_t)a[i + j] << (8 * j);
  h = rotl64(h ^ w * k2, 31) * k1;
  h ^= h >> 33;
  h *= k2;
  h ^= h >> 29;
  h *= k1;
  h ^= h >> 32;
  snprintf(zHash, CESCAPE_SOURCE_HASH_SIZE, "%016llx", (unsigned long long)h);
}

static void put_le(unsigned char *a, uint64_t v, int nByte) {
  int i;
  for (i = 0; i < nByte; i++)
    a[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *a, int nByte) {
  uint64_t v = 0;
  int i;
  for (i = nByte - 1; i >= 0; i--)
    v = v << 8 | a[i];
  return v;
}

/*
** Writing.
*/
static void rows_reserve(CescapeRows *p, size_t n) {
  if (p->nAlloc - p->n >= n)
    return;
  while (p->nAlloc - p->n < n)
    p->nAlloc = p->nAlloc ? p->nAlloc * 2 : 4096;
  p->a = realloc(p->a, p->nAlloc);
  if (p->a == NULL) {
    fputs("cescape: out of memory\n", stderr);
    abort();
  }
}

static void rows_byte(CescapeRows *p, unsigned char c) {
  rows_reserve(p, 1);
  p->a[p->n++] = c;
}

static void rows_varint(CescapeRows *p, uint64_t v) {
  for (; v >= 0x80; v >>= 7)
    rows_byte(p, (unsigned char)(v | 0x80));
  rows_byte(p, (unsigned char)v);
}

/* The next value of the current row is of type letter cType (or NULL). */
static void rows_value(CescapeRows *p, char cType, int eValue) {
  assert(p->zTypes && *p->zTypes);
  assert(eValue == VALUE_NULL ? (*p->zTypes == 't' || *p->zTypes == 'i')
                              : (*p->zTypes | 0x20) == cType);
  (void)cType;
  p->zTypes++;
  rows_byte(p, (unsigned char)eValue);
}

void cescape_rows_start(CescapeRows *p) { memset(p, 0, sizeof *p); }

void cescape_rows_row(CescapeRows *p, CescapeRow eRow) {
  assert(p->zTypes == NULL || *p->zTypes == 0);
  p->zTypes = aRow[eRow].zTypes;
  rows_byte(p, aRow[eRow].cTag);
}

void cescape_rows_text(CescapeRows *p, const char *z, size_t n) {
  rows_value(p, 't', VALUE_TEXT);
  rows_varint(p, n);
  rows_reserve(p, n);
  if (n)
    memcpy(p->a + p->n, z, n);
  p->n += n;
}

void cescape_rows_int(CescapeRows *p, int64_t v) {
  rows_value(p, 'i', VALUE_INT);
  rows_varint(p, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63)); /* zigzag */
}

void cescape_rows_null(CescapeRows *p) { rows_value(p, 0, VALUE_NULL); }

void cescape_rows_finish(CescapeRows *p, int bKept) {
  uLongf nStored = compressBound((uLong)p->n);
  unsigned char *a = malloc(CESCAPE_PAYLOAD_HEADER + nStored);
  assert(p->zTypes == NULL || *p->zTypes == 0);
  /* Level 1: every compile pays for it (summaries are most of the rows;
  ** level 6 costs about three times as much for a payload a fifth
  ** smaller). */
  if (a == NULL ||
      compress2(a + CESCAPE_PAYLOAD_HEADER, &nStored, p->a, (uLong)p->n,
                bKept ? Z_BEST_SPEED : Z_NO_COMPRESSION) != Z_OK) {
    fputs("cescape: out of memory\n", stderr);
    abort();
  }
  memcpy(a, CESCAPE_PAYLOAD_MAGIC, 8);
  put_le(a + 8, CESCAPE_PAYLOAD_VERSION, 4);
  put_le(a + 12, CESCAPE_SCHEMA_VERSION, 4);
  put_le(a + 16, nStored, 8);
  put_le(a + 24, fnv1a(a + CESCAPE_PAYLOAD_HEADER, nStored), 8);
  put_le(a + 32, p->n, 8);
  free(p->a);
  p->a = a;
  p->n = p->nAlloc = CESCAPE_PAYLOAD_HEADER + nStored;
}

void cescape_rows_free(CescapeRows *p) {
  free(p->a);
  memset(p, 0, sizeof *p);
}

/*
** Reading: one walk over the rows checks them (db NULL) or loads them.
*/
typedef struct Value Value;
struct Value {
  int eType;
  int64_t i;
  const char *z; /* VALUE_TEXT: z[0..n) */
  size_t n;
};

typedef struct Walk Walk;
struct Walk {
  const unsigned char *a, *aEnd; /* The rows left */
  char *zErr;
  size_t nErr;
  size_t iRow; /* 1-based, for messages */
};

static int walk_error(Walk *w, const char *zFormat, ...) {
  va_list ap;
  int n = snprintf(w->zErr, w->nErr, "row %zu: ", w->iRow);
  va_start(ap, zFormat);
  if (n >= 0 && (size_t)n < w->nErr)
    vsnprintf(w->zErr + n, w->nErr - n, zFormat, ap);
  va_end(ap);
  return 1;
}

static int walk_varint(Walk *w, uint64_t *pV) {
  uint64_t v = 0;
  int shift;
  for (shift = 0; shift < 64; shift += 7) {
    unsigned char c;
    if (w->a == w->aEnd)
      return walk_error(w, "it ends inside a number");
    c = *w->a++;
    v |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) {
      *pV = v;
      return 0;
    }
  }
  return walk_error(w, "a number longer than 64 bits");
}

/* The next value, which must be of type letter cType. */
static int walk_value(Walk *w, char cType, Value *pV) {
  uint64_t v = 0;
  if (w->a == w->aEnd)
    return walk_error(w, "it ends before the row does");
  pV->eType = *w->a++;
  if (pV->eType == VALUE_NULL) {
    if (cType != 't' && cType != 'i')
      return walk_error(w, "NULL where a value is needed");
    return 0;
  }
  if (pV->eType != (cType == 'I' || cType == 'i' ? VALUE_INT : VALUE_TEXT))
    return walk_error(w, "a value of type %d where '%c' is needed", pV->eType,
                      cType);
  if (walk_varint(w, &v))
    return 1;
  if (pV->eType == VALUE_INT) {
    pV->i = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
    return 0;
  }
  if (v > (uint64_t)(w->aEnd - w->a))
    return walk_error(w, "a text of %llu bytes where %zu are left",
                      (unsigned long long)v, (size_t)(w->aEnd - w->a));
  pV->z = (const char *)w->a;
  pV->n = (size_t)v;
  w->a += v;
  return 0;
}

static int bind_value(sqlite3_stmt *pStmt, int iParam, const Value *pV) {
  if (pV->eType == VALUE_NULL)
    return sqlite3_bind_null(pStmt, iParam);
  if (pV->eType == VALUE_INT)
    return sqlite3_bind_int64(pStmt, iParam, pV->i);
  return sqlite3_bind_text64(pStmt, iParam, pV->z, pV->n, SQLITE_STATIC,
                             SQLITE_UTF8);
}

/*
** The loader's state: the ids rows belong to, and one statement per row
** kind (prepared on first use).
*/
typedef struct Loader Loader;
struct Loader {
  sqlite3 *db;
  sqlite3_stmt *apStmt[CESCAPE_ROW_COUNT];
  sqlite3_stmt *pHasSource, *pAddSource; /* Prepared on first use */
  CescapeSourceReader xRead;
  void *pArg;
  Value root; /* The UNIT row's root: relative SOURCE paths are below it */
  int64_t iUnit, iRecord, iFinding; /* 0: none yet */
  int64_t *aRecord;                 /* Record ids by index */
  size_t nRecord, nRecordAlloc;
  int64_t aSeq[CESCAPE_ROW_COUNT]; /* The rank of the next FIELD, STEP, FIXIT */
};

static int load_error(Walk *w, Loader *l, const char *zWhat) {
  return walk_error(w, "cannot %s: %s", zWhat, sqlite3_errmsg(l->db));
}

static int run(sqlite3_stmt *pStmt) {
  int rc = sqlite3_step(pStmt);
  sqlite3_reset(pStmt);
  sqlite3_clear_bindings(pStmt);
  return rc == SQLITE_DONE ? 0 : 1;
}

static int load_unit(Walk *w, Loader *l, const Value *aV) {
  sqlite3_stmt *pDelete = NULL, *pRoot = NULL;
  int bad = sqlite3_prepare_v2(l->db, "DELETE FROM units WHERE path = ?3", -1,
                               &pDelete, NULL) != SQLITE_OK ||
            bind_value(pDelete, 3, &aV[0]) != SQLITE_OK || run(pDelete) ||
            sqlite3_prepare_v2(l->db,
                               "INSERT OR REPLACE INTO meta(key, value) "
                               "VALUES ('root', ?3)",
                               -1, &pRoot, NULL) != SQLITE_OK ||
            (aV[4].eType != VALUE_NULL &&
             (bind_value(pRoot, 3, &aV[4]) != SQLITE_OK || run(pRoot)));
  sqlite3_finalize(pDelete);
  sqlite3_finalize(pRoot);
  return bad ? load_error(w, l, "replace the unit's rows") : 0;
}

/*
** Have table sources hold the text of SOURCE row aV (path, hash) if the
** database has it or l's reader gives it; the row links it only then.
*/
static int load_source(Walk *w, Loader *l, const Value *aV) {
  char *zPath, *zHash, *zText;
  size_t nText = 0;
  int rc, bRelative = aV[0].n == 0 || aV[0].z[0] != '/';
  if ((l->pHasSource == NULL &&
       sqlite3_prepare_v2(l->db, "SELECT 1 FROM sources WHERE hash = ?1", -1,
                          &l->pHasSource, NULL) != SQLITE_OK) ||
      (l->pAddSource == NULL &&
       sqlite3_prepare_v2(l->db,
                          "INSERT OR IGNORE INTO sources(hash, text) "
                          "VALUES (?1, ?2)",
                          -1, &l->pAddSource, NULL) != SQLITE_OK))
    return load_error(w, l, "prepare a statement");
  bind_value(l->pHasSource, 1, &aV[1]);
  rc = sqlite3_step(l->pHasSource);
  sqlite3_reset(l->pHasSource);
  if (rc == SQLITE_ROW || l->xRead == NULL)
    return 0;
  zPath = bRelative && l->root.eType == VALUE_TEXT
              ? sqlite3_mprintf("%.*s/%.*s", (int)l->root.n, l->root.z,
                                (int)aV[0].n, aV[0].z)
              : sqlite3_mprintf("%.*s", (int)aV[0].n, aV[0].z);
  zHash = sqlite3_mprintf("%.*s", (int)aV[1].n, aV[1].z);
  if (zPath == NULL || zHash == NULL) {
    sqlite3_free(zPath);
    sqlite3_free(zHash);
    return walk_error(w, "out of memory");
  }
  zText = l->xRead(l->pArg, zPath, zHash, &nText);
  sqlite3_free(zPath);
  sqlite3_free(zHash);
  if (zText == NULL)
    return 0;
  bind_value(l->pAddSource, 1, &aV[1]);
  sqlite3_bind_text64(l->pAddSource, 2, zText, nText, free, SQLITE_UTF8);
  return run(l->pAddSource) ? load_error(w, l, "insert a source text") : 0;
}

/*
** The row at w->a, checked, and loaded when l is not NULL.
*/
static int walk_row(Walk *w, Loader *l, int *pbUnit, size_t *pnRecord,
                    int *pbFinding) {
  Value aV[MAX_VALUES];
  CescapeRow e;
  const char *zType;
  int nV = 0, i, nParam;
  sqlite3_stmt *pStmt;
  for (e = 0; e < CESCAPE_ROW_COUNT && aRow[e].cTag != *w->a; e++) {
  }
  if (e == CESCAPE_ROW_COUNT)
    return walk_error(w, "unknown row tag 0x%02x", *w->a);
  w->a++;
  for (zType = aRow[e].zTypes; *zType; zType++)
    if (walk_value(w, *zType, &aV[nV++]))
      return 1;
  if ((e == CESCAPE_ROW_UNIT) != !*pbUnit)
    return walk_error(w, *pbUnit ? "a second unit" : "rows before the unit");
  if (e == CESCAPE_ROW_FIELD && *pnRecord == 0)
    return walk_error(w, "a field before any struct layout");
  if ((e == CESCAPE_ROW_STEP || e == CESCAPE_ROW_FIXIT) && !*pbFinding)
    return walk_error(w, "a step or fix-it before any finding");
  if (e == CESCAPE_ROW_FINDING && aV[12].eType == VALUE_INT &&
      (aV[12].i < 0 || (uint64_t)aV[12].i >= *pnRecord))
    return walk_error(w, "a finding of struct layout %lld, of %zu",
                      (long long)aV[12].i, *pnRecord);
  *pbUnit = 1;
  *pnRecord += e == CESCAPE_ROW_RECORD;
  *pbFinding |= e == CESCAPE_ROW_FINDING;
  if (l == NULL)
    return 0;

  if (l->apStmt[e] == NULL &&
      sqlite3_prepare_v2(l->db, aRow[e].zSql, -1, &l->apStmt[e], NULL) !=
          SQLITE_OK)
    return load_error(w, l, "prepare a statement");
  pStmt = l->apStmt[e];
  if (e == CESCAPE_ROW_UNIT && load_unit(w, l, aV))
    return 1;
  if (e == CESCAPE_ROW_UNIT)
    l->root = aV[4];
  if (e == CESCAPE_ROW_SOURCE && load_source(w, l, aV))
    return 1;
  if (e == CESCAPE_ROW_FINDING && aV[12].eType == VALUE_INT)
    aV[12].i = l->aRecord[aV[12].i];
  nParam = sqlite3_bind_parameter_count(pStmt);
  sqlite3_bind_int64(pStmt, 1,
                     e == CESCAPE_ROW_FIELD ? l->iRecord
                     : e == CESCAPE_ROW_STEP || e == CESCAPE_ROW_FIXIT
                         ? l->iFinding
                         : l->iUnit);
  if (nParam >= 2)
    sqlite3_bind_int64(pStmt, 2, l->aSeq[e]);
  for (i = 0; i < nV && i + 3 <= nParam; i++)
    bind_value(pStmt, i + 3, &aV[i]);
  if (run(pStmt))
    return load_error(w, l, "insert a row");
  l->aSeq[e]++;
  if (e == CESCAPE_ROW_UNIT)
    l->iUnit = sqlite3_last_insert_rowid(l->db);
  else if (e == CESCAPE_ROW_FINDING) {
    l->iFinding = sqlite3_last_insert_rowid(l->db);
    l->aSeq[CESCAPE_ROW_STEP] = l->aSeq[CESCAPE_ROW_FIXIT] = 0;
  } else if (e == CESCAPE_ROW_RECORD) {
    l->iRecord = sqlite3_last_insert_rowid(l->db);
    l->aSeq[CESCAPE_ROW_FIELD] = 0;
    if (l->nRecord == l->nRecordAlloc) {
      l->nRecordAlloc = l->nRecordAlloc ? l->nRecordAlloc * 2 : 16;
      l->aRecord = realloc(l->aRecord, l->nRecordAlloc * sizeof *l->aRecord);
      if (l->aRecord == NULL)
        return walk_error(w, "out of memory");
    }
    l->aRecord[l->nRecord++] = l->iRecord;
  }
  return 0;
}

/*
** Walk p's rows, checking them, and loading them when l is not NULL.
** *pnUnitRow is set to the length of the UNIT row.
*/
static int walk_rows(const CescapePayload *p, Loader *l, size_t *pnUnitRow,
                     char *zErr, size_t nErr) {
  Walk w;
  int bUnit = 0, bFinding = 0;
  size_t nRecord = 0;
  w.a = p->aRows;
  w.aEnd = p->aRows + p->nRows;
  w.zErr = zErr;
  w.nErr = nErr;
  for (w.iRow = 1; w.a < w.aEnd; w.iRow++) {
    if (walk_row(&w, l, &bUnit, &nRecord, &bFinding))
      return 1;
    if (w.iRow == 1)
      *pnUnitRow = (size_t)(w.a - p->aRows);
  }
  if (!bUnit) {
    snprintf(zErr, nErr, "it has no unit");
    return 1;
  }
  return 0;
}

/*
** Inflate the nStored bytes at a into exactly nRows bytes, owned by p.
*/
static int inflate_rows(const unsigned char *a, size_t nStored, size_t nRows,
                        CescapePayload *p, char *zErr, size_t nErr) {
  z_stream z;
  int rc;
  memset(&z, 0, sizeof z);
  /* One byte more than announced: a stream that fills it is too long. */
  p->aRows = malloc(nRows + 1);
  if (p->aRows == NULL || inflateInit(&z) != Z_OK) {
    snprintf(zErr, nErr, "out of memory for its %zu bytes of rows", nRows);
    return 1;
  }
  z.next_in = (unsigned char *)a;
  z.avail_in = (uInt)nStored;
  z.next_out = p->aRows;
  z.avail_out = (uInt)nRows + 1;
  rc = inflate(&z, Z_FINISH);
  p->nRows = nRows + 1 - z.avail_out;
  inflateEnd(&z);
  if (rc != Z_STREAM_END || p->nRows != nRows || z.avail_in != 0) {
    snprintf(zErr, nErr,
             "damaged: its rows do not inflate to the %zu bytes "
             "its header says (%s)",
             nRows, rc == Z_STREAM_END ? "a length differs" : "a bad stream");
    return 1;
  }
  return 0;
}

int cescape_payload_check(const unsigned char *a, size_t n, CescapePayload *p,
                          char *zErr, size_t nErr) {
  uint64_t nStored, nRows, iVersion, iSchema;
  size_t nUnitRow = 0;
  memset(p, 0, sizeof *p);
  if (n < 16 || memcmp(a, CESCAPE_PAYLOAD_MAGIC, 8) != 0) {
    snprintf(zErr, nErr,
             n < 16 ? "truncated: %zu bytes, less than a header"
                    : "not a cescape payload (no magic number)",
             n);
    return 1;
  }
  iVersion = get_le(a + 8, 4);
  iSchema = get_le(a + 12, 4);
  if (iVersion != CESCAPE_PAYLOAD_VERSION ||
      iSchema != CESCAPE_SCHEMA_VERSION) {
    snprintf(zErr, nErr,
             "written by another cescape (format %llu, schema version %llu; "
             "this cescape reads format %d, schema version %d): build again "
             "with this one",
             (unsigned long long)iVersion, (unsigned long long)iSchema,
             CESCAPE_PAYLOAD_VERSION, CESCAPE_SCHEMA_VERSION);
    return 1;
  }
  if (n < CESCAPE_PAYLOAD_HEADER) {
    snprintf(zErr, nErr, "truncated: %zu bytes, less than a header", n);
    return 1;
  }
  nStored = get_le(a + 16, 8);
  nRows = get_le(a + 32, 8);
  if (nStored > n - CESCAPE_PAYLOAD_HEADER) {
    snprintf(zErr, nErr, "truncated: its rows are %llu bytes, %zu are there",
             (unsigned long long)nStored, n - CESCAPE_PAYLOAD_HEADER);
    return 1;
  }
  p->a = a;
  p->n = CESCAPE_PAYLOAD_HEADER + (size_t)nStored;
  if (fnv1a(a + CESCAPE_PAYLOAD_HEADER, (size_t)nStored) != get_le(a + 24, 8)) {
    snprintf(zErr, nErr, "damaged: its checksum does not match its rows");
    return 1;
  }
  /* Deflate shrinks at most 1032 times (zlib's technical details): a
  ** larger length is a lie, which must not make us allocate it. */
  if (nRows > nStored * 1032 || nRows >= UINT32_MAX || nStored >= UINT32_MAX) {
    snprintf(zErr, nErr,
             "damaged: %llu bytes of rows cannot inflate to the %llu its "
             "header says",
             (unsigned long long)nStored, (unsigned long long)nRows);
    return 1;
  }
  if (inflate_rows(a + CESCAPE_PAYLOAD_HEADER, (size_t)nStored, (size_t)nRows,
                   p, zErr, nErr))
    return 1;
  if (walk_rows(p, NULL, &nUnitRow, zErr, nErr))
    return 1;
  p->iChecksum = fnv1a(p->aRows, p->nRows);
  p->iAnalysis = fnv1a(p->aRows + nUnitRow, p->nRows - nUnitRow);
  return 0;
}

void cescape_payload_free(CescapePayload *p) {
  free(p->aRows);
  p->aRows = NULL;
  p->nRows = 0;
}

const char *cescape_payload_unit(const CescapePayload *p, size_t *pn) {
  Walk w = {p->aRows + 1, p->aRows + p->nRows, NULL, 0, 1};
  Value v = {0, 0, NULL, 0};
  walk_value(&w, 'T', &v); /* checked: the UNIT row's path */
  *pn = v.n;
  return v.z;
}

int cescape_payload_load(sqlite3 *db, const CescapePayload *p,
                         CescapeSourceReader xRead, void *pArg, char *zErr,
                         size_t nErr) {
  Loader l;
  size_t nUnitRow;
  int rc, i;
  memset(&l, 0, sizeof l);
  l.db = db;
  l.xRead = xRead;
  l.pArg = pArg;
  rc = walk_rows(p, &l, &nUnitRow, zErr, nErr);
  for (i = 0; i < CESCAPE_ROW_COUNT; i++)
    sqlite3_finalize(l.apStmt[i]);
  sqlite3_finalize(l.pHasSource);
  sqlite3_finalize(l.pAddSource);
  free(l.aRecord);
  return rc;
}

static int64_t pragma_integer(sqlite3 *db, const char *zSql) {
  sqlite3_stmt *pStmt = NULL;
  int64_t v = 0;
  if (sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL) == SQLITE_OK &&
      sqlite3_step(pStmt) == SQLITE_ROW)
    v = sqlite3_column_int64(pStmt, 0);
  sqlite3_finalize(pStmt);
  return v;
}

int cescape_db_prepare(sqlite3 *db, int nTimeoutMs, char *zErr, size_t nErr) {
  int64_t iAppId, iVersion, nObject;
  sqlite3_busy_timeout(db, nTimeoutMs);
  /* With WAL, NORMAL keeps the file consistent on a crash; a build database
  ** can afford to lose its last transaction on a power cut. */
  sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
    snprintf(zErr, nErr, "cannot lock it: %s", sqlite3_errmsg(db));
    return 1;
  }
  iAppId = pragma_integer(db, "PRAGMA application_id");
  iVersion = pragma_integer(db, "PRAGMA user_version");
  nObject = pragma_integer(db, "SELECT count(*) FROM sqlite_schema");
  if (iAppId == 0 && iVersion == 0 && nObject == 0) {
    char *zInit = sqlite3_mprintf("%s PRAGMA application_id = %d; "
                                  "PRAGMA user_version = %d;",
                                  cescape_schema_sql, CESCAPE_APPLICATION_ID,
                                  CESCAPE_SCHEMA_VERSION);
    char *zWhy = NULL;
    if (zInit == NULL ||
        sqlite3_exec(db, zInit, NULL, NULL, &zWhy) != SQLITE_OK)
      snprintf(zErr, nErr, "cannot create its tables: %s",
               zWhy ? zWhy : sqlite3_errmsg(db));
    else
      zErr[0] = 0;
    sqlite3_free(zInit);
    sqlite3_free(zWhy);
  } else if (iAppId != CESCAPE_APPLICATION_ID) {
    snprintf(zErr, nErr, "it is not a cescape database; it was left untouched");
  } else if (iVersion != CESCAPE_SCHEMA_VERSION) {
    snprintf(zErr, nErr,
             "it has schema version %lld, this cescape writes version %d; it "
             "was left untouched",
             (long long)iVersion, CESCAPE_SCHEMA_VERSION);
  } else {
    zErr[0] = 0;
  }
  if (zErr[0] == 0)
    return 0;
  sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  return 1;
}
