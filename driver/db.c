/*
** db.c - opening a findings database for the commands that read one.
**
** The schema is db/schema.sql, shared with the plugin through the generated
** header cescape_schema.h; a database is recognised by its application_id
** and its user_version (the schema version).
*/
#include "cescape.h"

#include "cescape_schema.h"

#include <sqlite3.h>
#include <stdio.h>

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
** Open database zPath read-only.  Print why and return NULL when it cannot
** be opened, is not a cescape database, or has another schema version.
** With bWarnStale, warn when it needs "cescape resolve".
*/
sqlite3 *open_database_checked(const char *zPath, int bWarnStale) {
  sqlite3 *db = NULL;
  long long appId, version;
  if (sqlite3_open_v2(zPath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    cescape_error("cannot open database '%s': %s", zPath,
                  db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, 30000);
  appId = query_integer(db, "PRAGMA application_id");
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
  } else {
    long long nStale = query_integer(db, "SELECT count(*) FROM stale_units");
    /* Calls between units used summaries that changed since: the verdicts
    ** are sound but may not be the final ones. */
    if (bWarnStale && nStale > 0)
      cescape_warning("%lld unit%s of '%s' used summaries of other units "
                      "that changed since; run \"cescape resolve --db %s\"",
                      nStale, nStale == 1 ? "" : "s", zPath, zPath);
    return db;
  }
  sqlite3_close(db);
  return NULL;
}

sqlite3 *open_database(const char *zPath) {
  return open_database_checked(zPath, 1);
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
