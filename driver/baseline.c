/*
** baseline.c - "new since a baseline", stated once.  gate, report
** --baseline and export --baseline all read the temporary views made here,
** so that they agree on what is new, resolved and unchanged.
**
** A finding counts when it is not suppressed and its rule is one of the
** compared rules (temp.compared_rules); a fingerprint recorded by several
** units (a header's struct) counts once, as its first counted row.  It is
** new when the baseline has no counted finding of that fingerprint; a
** baseline finding is resolved when this database has no counted finding
** of its fingerprint although it analysed the baseline finding's unit.
*/
#include "cescape.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/*
** Whether finding row F counts.
*/
#define COUNTS(F)                                                              \
  F ".suppressed = 0 AND " F ".rule IN (SELECT rule FROM temp.compared_rules)"

/*
** The views, over temp.baseline_findings and temp.baseline_units (the
** attached baseline's tables, or empty ones).
*/
static const char zViews[] =
    "CREATE TEMP VIEW counted_findings AS SELECT f.* FROM main.findings f"
    " WHERE " COUNTS(
        "f") " AND f.id = (SELECT min(d.id) FROM main.findings d"
             "   WHERE d.fingerprint = f.fingerprint AND " COUNTS(
                 "d") ");"
                      "CREATE TEMP VIEW counted_baseline AS"
                      " SELECT f.* FROM temp.baseline_findings f"
                      " WHERE " COUNTS(
                          "f") " AND f.id = (SELECT min(d.id)"
                               "   FROM temp.baseline_findings d"
                               "   WHERE d.fingerprint = f.fingerprint "
                               "AND " COUNTS(
                                   "d") ");"
                                        "CREATE TEMP VIEW new_findings AS "
                                        "SELECT f.* FROM temp.counted_findings "
                                        "f"
                                        " WHERE NOT EXISTS (SELECT 1 FROM "
                                        "temp.baseline_findings t"
                                        "   WHERE t.fingerprint = "
                                        "f.fingerprint AND " COUNTS(
                                            "t") ");"
                                                 "CREATE TEMP VIEW "
                                                 "unchanged_findings AS"
                                                 " SELECT f.* FROM "
                                                 "temp.counted_findings f"
                                                 " WHERE EXISTS (SELECT 1 FROM "
                                                 "temp.baseline_findings t"
                                                 "   WHERE t.fingerprint = "
                                                 "f.fingerprint AND " COUNTS(
                                                     "t") ");"
                                                          /* A unit this build
                                                          *did not record (its
                                                          *write failed, or it
                                                          *was not
                                                          ** compiled) resolves
                                                          *nothing: its findings
                                                          *are not compared. */
                                                          "CREATE TEMP VIEW "
                                                          "resolved_findings AS"
                                                          " SELECT f.* FROM "
                                                          "temp.counted_"
                                                          "baseline f"
                                                          " JOIN "
                                                          "temp.baseline_units "
                                                          "bu ON bu.id = "
                                                          "f.unit_id"
                                                          " WHERE NOT EXISTS "
                                                          "(SELECT 1 FROM "
                                                          "main.findings t"
                                                          "   WHERE "
                                                          "t.fingerprint = "
                                                          "f.fingerprint "
                                                          "AND " COUNTS(
                                                              "t") ")"
                                                                   " AND "
                                                                   "EXISTS "
                                                                   "(SELECT 1 "
                                                                   "FROM "
                                                                   "main.units "
                                                                   "u WHERE "
                                                                   "u.path = "
                                                                   "bu.path);"
                                                                   "CREATE "
                                                                   "TEMP VIEW "
                                                                   "missing_"
                                                                   "units AS "
                                                                   "SELECT "
                                                                   "path FROM "
                                                                   "temp."
                                                                   "baseline_"
                                                                   "units"
                                                                   " WHERE "
                                                                   "path NOT "
                                                                   "IN (SELECT "
                                                                   "path FROM "
                                                                   "main.units)"
                                                                   ";";

/*
** Whether zPath is an existing database without a table: an empty file, or
** one SQLite made and nothing wrote.  Such a file is an empty baseline.
*/
static int is_empty_database(const char *zPath) {
  struct stat st;
  sqlite3 *db = NULL;
  sqlite3_stmt *pStmt = NULL;
  int bEmpty = 0;
  if (stat(zPath, &st) != 0 || !S_ISREG(st.st_mode))
    return 0;
  if (st.st_size == 0)
    return 1;
  if (sqlite3_open_v2(zPath, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &pStmt,
                         NULL) == SQLITE_OK &&
      sqlite3_step(pStmt) == SQLITE_ROW)
    bEmpty = sqlite3_column_int(pStmt, 0) == 0;
  sqlite3_finalize(pStmt);
  sqlite3_close(db);
  return bEmpty;
}

/*
** Fill temp.compared_rules with the rules of comma-separated list zRules.
*/
static int set_compared_rules(sqlite3 *db, const char *zRules) {
  sqlite3_stmt *pInsert = NULL;
  int bad = sqlite3_exec(db,
                         "CREATE TEMP TABLE compared_rules(rule TEXT PRIMARY "
                         "KEY) WITHOUT ROWID",
                         NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(db,
                               "INSERT OR IGNORE INTO temp.compared_rules "
                               "VALUES (?1)",
                               -1, &pInsert, NULL) != SQLITE_OK;
  while (!bad && *zRules) {
    size_t n = strcspn(zRules, ",");
    if (n) {
      sqlite3_bind_text(pInsert, 1, zRules, (int)n, SQLITE_TRANSIENT);
      bad = sqlite3_step(pInsert) != SQLITE_DONE;
      sqlite3_reset(pInsert);
    }
    zRules += n + (zRules[n] == ',');
  }
  sqlite3_finalize(pInsert);
  return bad;
}

int compare_with_baseline(sqlite3 *db, const char *zBaseline,
                          const char *zRules) {
  const char *zSource;
  int bad;
  if (strcmp(zBaseline, CESCAPE_NO_BASELINE) == 0 ||
      is_empty_database(zBaseline)) {
    /* Every finding is new: the baseline's tables are empty copies. */
    zSource = "CREATE TEMP VIEW baseline_findings AS SELECT * FROM "
              "main.findings WHERE 0;"
              "CREATE TEMP VIEW baseline_units AS SELECT * FROM main.units "
              "WHERE 0;";
  } else {
    if (attach_baseline(db, zBaseline))
      return 1;
    zSource = "CREATE TEMP VIEW baseline_findings AS SELECT * FROM "
              "base.findings;"
              "CREATE TEMP VIEW baseline_units AS SELECT * FROM base.units;";
  }
  bad = set_compared_rules(db, zRules) ||
        sqlite3_exec(db, zSource, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, zViews, NULL, NULL, NULL) != SQLITE_OK;
  if (bad)
    database_read_error(db, "the findings to compare");
  return bad;
}
