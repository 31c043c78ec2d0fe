/*
** payload.h - one translation unit's rows as bytes: what the plugin loads
** into a database (db=) and writes into the object's .debug_cescape
** section, and what "cescape collect" loads from objects.  Both load
** through cescape_payload_load(), so a unit collected from an object has
** exactly the rows the plugin writes directly.
**
** A payload is self-delimiting, so that the sections of many objects can
** be concatenated by a link (zero bytes between payloads are skipped):
**
**   offset  size  what (integers little-endian)
**        0     8  magic "\177CESCAPE"
**        8     4  format version (CESCAPE_PAYLOAD_VERSION)
**       12     4  schema version of the rows (CESCAPE_SCHEMA_VERSION)
**       16     8  length of the stored rows
**       24     8  FNV-1a 64 of the stored rows
**       32     8  length of the rows inflated
**       40     .  the stored rows: the rows deflated (a zlib stream,
**                 RFC 1950)
**
** The rows (payload.def) are a tag byte each, then one value per type
** letter: 0 (NULL), 1 and a zigzag LEB128 integer, or 2, a LEB128 length
** and that many bytes of text.
**
** A payload names the source files its findings point into by path and
** content hash, without their texts: those are most of the bytes (9.5 MB
** for sqlite3.c, and every unit would carry the project headers its
** findings point into), and compressing them into every object cost more
** than the analysis.  The loader takes a text the database does not have
** yet from a reader: the plugin's, from the compiler's own buffers (db=);
** collect's, from the file on disk if its hash still matches.
**
** Shared by the plugin (C++) and the driver (C).
*/
#ifndef CESCAPE_PAYLOAD_H
#define CESCAPE_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sqlite3 sqlite3;

#define CESCAPE_PAYLOAD_MAGIC "\177CESCAPE"
#define CESCAPE_PAYLOAD_VERSION 3
#define CESCAPE_PAYLOAD_HEADER 40
/* The section of the objects, a .debug one: strip removes it. */
#define CESCAPE_PAYLOAD_SECTION ".debug_cescape"

typedef enum {
#define CESCAPE_PAYLOAD_ROW(NAME, TAG, TYPES, SQL) CESCAPE_ROW_##NAME,
#include "payload.def"
#undef CESCAPE_PAYLOAD_ROW
  CESCAPE_ROW_COUNT
} CescapeRow;

/*
** A payload being written: cescape_rows_start(), then for each row
** cescape_rows_row() and its values, then cescape_rows_finish(), which
** replaces the rows by the payload (header and deflated rows). bKept: the
** payload is kept (an object's section), so deflated; otherwise it is
** read back at once (db=), so only stored in deflate's format.
*/
typedef struct CescapeRows CescapeRows;
struct CescapeRows {
  unsigned char *a;   /* The rows; after cescape_rows_finish(), the payload */
  size_t n, nAlloc;   /* Used and allocated */
  const char *zTypes; /* The letters of the current row's values left */
};
void cescape_rows_start(CescapeRows *p);
void cescape_rows_row(CescapeRows *p, CescapeRow eRow);
void cescape_rows_text(CescapeRows *p, const char *z, size_t n);
void cescape_rows_int(CescapeRows *p, int64_t v);
void cescape_rows_null(CescapeRows *p);
void cescape_rows_finish(CescapeRows *p, int bKept);
void cescape_rows_free(CescapeRows *p);

/*
** A checked payload: a[0..n) is its header and stored rows, aRows[0..nRows)
** the rows inflated (owned: cescape_payload_free()).
*/
typedef struct CescapePayload CescapePayload;
struct CescapePayload {
  const unsigned char *a;
  size_t n;
  unsigned char *aRows;
  size_t nRows;
  uint64_t iChecksum; /* Of its rows: equal rows have equal ones */
  /* Of its rows after the UNIT row: equal for two compiles of one unit
  ** whose analyses agree, whatever their commands or directories */
  uint64_t iAnalysis;
};

/*
** Check the payload at the start of a[0..n): header, length, checksum,
** inflate its rows and check every row.  Return 0 and fill *p, or 1 with
** the reason in zErr[nErr]; then p->n is the payload's length when the
** header tells it (the next payload may follow), else 0.  Either way
** cescape_payload_free(p) afterwards.
*/
int cescape_payload_check(const unsigned char *a, size_t n, CescapePayload *p,
                          char *zErr, size_t nErr);
void cescape_payload_free(CescapePayload *p);

/*
** The unit path of checked payload p (the UNIT row's first value), not
** NUL-terminated: *pn bytes.
*/
const char *cescape_payload_unit(const CescapePayload *p, size_t *pn);

/*
** The content hash of source text z[0..n) as 16 hex digits and a zero byte,
** the key of table sources.  Not cryptographic: it tells texts apart.
*/
#define CESCAPE_SOURCE_HASH_SIZE 17
void cescape_source_hash(const char *z, size_t n,
                         char zHash[CESCAPE_SOURCE_HASH_SIZE]);

/*
** The text of source file zPath (absolute, or relative to the directory
** the loader runs in) whose hash must be zHash, from malloc(), its length
** in *pn; NULL when the reader does not have that text.
*/
typedef char *(*CescapeSourceReader)(void *pArg, const char *zPath,
                                     const char *zHash, size_t *pn);

/*
** Replace the rows of p's unit in db with p's rows, inside the caller's
** transaction (cescape_db_prepare() starts one).  A source text db does
** not have comes from xRead(pArg, ...) (may be NULL); without it the unit
** is not linked to that file.  Return 0, or 1 with the reason in
** zErr[nErr]; then the caller rolls back.
*/
int cescape_payload_load(sqlite3 *db, const CescapePayload *p,
                         CescapeSourceReader xRead, void *pArg, char *zErr,
                         size_t nErr);

/*
** Start a write transaction on db (BEGIN IMMEDIATE, waiting nTimeoutMs
** for other writers) after checking it is a cescape database of this
** schema version, creating the schema in an empty one.  Return 0, or 1
** with the reason in zErr[nErr] and no transaction (the file untouched).
*/
int cescape_db_prepare(sqlite3 *db, int nTimeoutMs, char *zErr, size_t nErr);

#ifdef __cplusplus
}
#endif

#endif /* CESCAPE_PAYLOAD_H */
