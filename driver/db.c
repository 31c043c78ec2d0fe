/*
** db.c - opening a findings database for the commands that read one.
**
** The schema is db/schema.sql, shared with the plugin through the generated
** header cescape_schema.h; a database is recognised by its application_id,
** its user_version (the schema version) and its objects: exactly the
** tables, views and indexes of the schema.
*/
#include "cescape.h"

#include "cescape_schema.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
** The first integer of the first row of zSql, or -1 on an error.
*/
static long long query_integer(sqlite3 *db, const char *zSql) {
  sqlite3_stmt *pStmt = NULL;
  long long v = -1;
  if (sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL) == SQLITE_OK &&
      sqlite3_step(pStmt) == SQLITE_ROW)
    v = sqlite3_column_int64(pStmt, 0);
  sqlite3_finalize(pStmt);
  return v;
}

/*
** zPath as an SQLite URI opening it immutable: for a database in a
** directory this process cannot write, where SQLite cannot create the
** shared memory file WAL mode needs (nobody can write the database there
** in WAL mode either).
*/
static char *immutable_uri(const char *zPath) {
  static const char zPlain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR"
                               "STUVWXYZ0123456789/._-~";
  char *zUri = xmalloc(strlen(zPath) * 3 + sizeof "file:?immutable=1");
  char *z = zUri + sprintf(zUri, "file:");
  for (; *zPath; zPath++)
    z += strchr(zPlain, *zPath) ? sprintf(z, "%c", *zPath)
                                : sprintf(z, "%%%02X", (unsigned char)*zPath);
  strcpy(z, "?immutable=1");
  return zUri;
}

/*
** Run SQLite's zCheck (quick_check or integrity_check) on database zSchema
** of db (file zPath): a damaged b-tree page would otherwise be read as
** findings, or lose some.  Print why and return 1 when it is damaged.
*/
static int damaged(sqlite3 *db, const char *zSchema, const char *zCheck,
                   const char *zPath) {
  sqlite3_stmt *pStmt = NULL;
  char *zSql = mprintf("PRAGMA %s.%s(1)", zSchema, zCheck);
  int rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL);
  const unsigned char *zVerdict = NULL;
  int bad;
  free(zSql);
  if (rc == SQLITE_OK && (rc = sqlite3_step(pStmt)) == SQLITE_ROW)
    zVerdict = sqlite3_column_text(pStmt, 0);
  bad = zVerdict == NULL || strcmp((const char *)zVerdict, "ok") != 0;
  /* Its last line says what is wrong ("*** in database main ***" first). */
  if (zVerdict && strrchr((const char *)zVerdict, '\n'))
    zVerdict = (const unsigned char *)strrchr((const char *)zVerdict, '\n') + 1;
  if (bad)
    cescape_error("database '%s' is damaged (SQLite's %s: %s); "
                  "delete it and build again",
                  zPath, zCheck,
                  zVerdict ? (const char *)zVerdict : sqlite3_errmsg(db));
  sqlite3_finalize(pStmt);
  return bad;
}

/*
** Print why reading db failed, zWhat being what was read; call it before
** the next call on db changes its error.  SQLite's "database disk image is
** malformed" names no file, and damage that quick_check lets through (an
** index out of step with its table) is found while reading: then the
** integrity_check of the build's database and of an attached baseline
** names the damaged one.
*/
void database_read_error(sqlite3 *db, const char *zWhat) {
  static const char *const azSchema[] = {"main", "base"};
  char *zMessage = mprintf("%s", sqlite3_errmsg(db));
  int bNamed = 0;
  if ((sqlite3_errcode(db) & 0xff) == SQLITE_CORRUPT)
    for (size_t i = 0; i < sizeof azSchema / sizeof azSchema[0]; i++) {
      const char *zFile = sqlite3_db_filename(db, azSchema[i]);
      if (zFile && damaged(db, azSchema[i], "integrity_check", zFile))
        bNamed = 1;
    }
  if (!bNamed)
    cescape_error("cannot read %s: %s", zWhat, zMessage);
  free(zMessage);
}

/*
** A finding recorded by several units (a header's struct or inline
** function: one fingerprint) is one finding, its first row.  Every reader
** lists, counts and exports these.
*/
static const char zDistinctFindings[] =
    "CREATE TEMP VIEW distinct_findings AS SELECT * FROM main.findings"
    " WHERE id IN (SELECT min(id) FROM main.findings GROUP BY fingerprint)";

/*
** Open database zPath read-only, or for writing with DB_WRITABLE in flags.
** Print why and return NULL when it cannot be opened, is not a regular
** file, is not a cescape database, or has another schema version. With
** DB_WARN_STALE, warn when it needs "cescape resolve".  The connection has
** the view temp.distinct_findings.
*/
sqlite3 *open_database_checked(const char *zPath, int flags) {
  sqlite3 *db = NULL;
  long long appId, version;
  struct stat st;
  int bImmutable = 0;
  if (stat(zPath, &st) != 0) {
    cescape_error("cannot open database '%s': %s", zPath, strerror(errno));
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    cescape_error("'%s' is not a regular file, so not a database", zPath);
    return NULL;
  }
  for (;;) {
    char *zUri = bImmutable ? immutable_uri(zPath) : NULL;
    /* Readers open read-write too, and write nothing but temporary tables:
    ** a read-only connection leaves the -wal and -shm files of a WAL
    ** database behind, while the last connection that may write deletes
    ** them on close (the database stays one file).  SQLite falls back to
    ** read-only for a file this user cannot write. */
    int rc = sqlite3_open_v2(
        zUri ? zUri : zPath, &db,
        (zUri ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI : SQLITE_OPEN_READWRITE),
        NULL);
    free(zUri);
    if (rc != SQLITE_OK) {
      cescape_error("cannot open database '%s': %s", zPath,
                    db ? sqlite3_errmsg(db) : "out of memory");
      sqlite3_close(db);
      return NULL;
    }
    sqlite3_busy_timeout(db, 30000);
    appId = query_integer(db, "PRAGMA application_id");
    if (appId >= 0 || bImmutable || (flags & DB_WRITABLE) ||
        (sqlite3_errcode(db) != SQLITE_CANTOPEN &&
         sqlite3_errcode(db) != SQLITE_READONLY))
      break;
    /* WAL mode in a directory we cannot write: CANTOPEN, or READONLY when
    ** SQLite fell back to read-only for a file we cannot write either. */
    sqlite3_close(db);
    bImmutable = 1;
  }
  version = query_integer(db, "PRAGMA user_version");
  if (appId < 0 || version < 0) {
    cescape_error("cannot read database '%s': %s", zPath, sqlite3_errmsg(db));
  } else if (appId == 0 && version == 0 &&
             query_integer(db, "SELECT count(*) FROM sqlite_schema") == 0) {
    cescape_error("database '%s' is empty: no compile has recorded findings "
                  "in it yet",
                  zPath);
  } else if (appId != CESCAPE_APPLICATION_ID) {
    cescape_error("'%s' is not a cescape database", zPath);
  } else if (version != CESCAPE_SCHEMA_VERSION) {
    cescape_error("'%s' has schema version %lld; this cescape reads version "
                  "%d",
                  zPath, version, CESCAPE_SCHEMA_VERSION);
  } else if (cescape_schema_matches(db) != 1) {
    cescape_error("'%s' is not a cescape database: its tables and views are "
                  "not those of schema version %d",
                  zPath, CESCAPE_SCHEMA_VERSION);
  } else if (damaged(db, "main", "quick_check", zPath)) {
    /* damaged() said why */
  } else if (sqlite3_exec(db, zDistinctFindings, NULL, NULL, NULL) !=
             SQLITE_OK) {
    cescape_error("cannot read database '%s': %s", zPath, sqlite3_errmsg(db));
  } else {
    long long nStale = query_integer(db, "SELECT count(*) FROM stale_units");
    /* Calls between units used summaries that changed since: the verdicts
    ** are sound but may not be the final ones. */
    if ((flags & DB_WARN_STALE) && nStale > 0)
      cescape_warning("%lld unit%s of '%s' used summaries of other units "
                      "that changed since; run \"cescape resolve --db %s\"",
                      nStale, nStale == 1 ? "" : "s", zPath, zPath);
    return db;
  }
  sqlite3_close(db);
  return NULL;
}

sqlite3 *open_database(const char *zPath) {
  return open_database_checked(zPath, DB_WARN_STALE);
}

/*
** Close db. A writer first moves what the write-ahead log holds into the
** database file: a database is one self-contained file whenever a command
** finishes (CI keeps cescape.db alone as an artifact).
*/
void close_database(sqlite3 *db) {
  if (db && !sqlite3_db_readonly(db, "main"))
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  sqlite3_close(db);
}

/*
** Attach database zBaseline to db as "base", after checking it the way
** every database is checked.  Return 0, or print why and return 1.
*/
int attach_baseline(sqlite3 *db, const char *zBaseline) {
  sqlite3 *base = open_database(zBaseline);
  sqlite3_stmt *pAttach = NULL;
  int bad;
  if (base == NULL)
    return 1;
  sqlite3_close(base);
  bad = sqlite3_prepare_v2(db, "ATTACH ?1 AS base", -1, &pAttach, NULL) !=
            SQLITE_OK ||
        sqlite3_bind_text(pAttach, 1, zBaseline, -1, SQLITE_STATIC) !=
            SQLITE_OK ||
        sqlite3_step(pAttach) != SQLITE_DONE;
  if (bad)
    cescape_error("cannot read baseline '%s': %s", zBaseline,
                  sqlite3_errmsg(db));
  sqlite3_finalize(pAttach);
  return bad;
}
