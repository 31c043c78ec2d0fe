/*
** profile-sqlite-workload.c - the query workload bench/profile-sqlite.sh
** profiles: SQLite (the amalgamation, linked in) building, indexing and
** querying an in-memory table. Usage: profile-sqlite-workload ROWS
*/
#include "sqlite3.h"

#include <stdio.h>
#include <stdlib.h>

static void must(int rc, sqlite3 *db, const char *zWhat) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fprintf(stderr, "%s: %s\n", zWhat, sqlite3_errmsg(db));
    exit(1);
  }
}

/* Run zSql, summing the first column of every row into *pSum. */
static void query(sqlite3 *db, const char *zSql, long long *pSum) {
  sqlite3_stmt *pStmt;
  must(sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL), db, zSql);
  int rc;
  while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW)
    *pSum += sqlite3_column_int64(pStmt, 0);
  must(rc, db, zSql);
  sqlite3_finalize(pStmt);
}

int main(int argc, char **argv) {
  int nRow = argc > 1 ? atoi(argv[1]) : 20000;
  sqlite3 *db;
  long long sum = 0;
  must(sqlite3_open(":memory:", &db), db, "open");
  must(sqlite3_exec(db,
                    "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT,"
                    " grp INTEGER, v REAL);",
                    NULL, NULL, NULL),
       db, "create");
  sqlite3_stmt *pInsert;
  must(sqlite3_prepare_v2(db, "INSERT INTO t(name, grp, v) VALUES (?,?,?)",
                          -1, &pInsert, NULL),
       db, "prepare insert");
  must(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), db, "begin");
  for (int i = 0; i < nRow; i++) {
    char *zName = sqlite3_mprintf("name-%d-%x", i, (unsigned)i * 2654435761u);
    sqlite3_bind_text(pInsert, 1, zName, -1, sqlite3_free);
    sqlite3_bind_int(pInsert, 2, i % 97);
    sqlite3_bind_double(pInsert, 3, i * 0.5);
    must(sqlite3_step(pInsert), db, "insert");
    sqlite3_reset(pInsert);
  }
  sqlite3_finalize(pInsert);
  must(sqlite3_exec(db, "COMMIT; CREATE INDEX t_name ON t(name);", NULL, NULL,
                    NULL),
       db, "index");
  for (int round = 0; round < 20; round++) {
    query(db, "SELECT count(*) FROM t WHERE name LIKE 'name-1%'", &sum);
    query(db, "SELECT grp, sum(v) FROM t GROUP BY grp ORDER BY 2 DESC", &sum);
    query(db, "SELECT id FROM t ORDER BY name DESC LIMIT 50", &sum);
    query(db,
          "SELECT count(*) FROM t a JOIN t b ON a.id = b.id + 1"
          " WHERE a.grp = 3",
          &sum);
    char *zSql = sqlite3_mprintf(
        "SELECT length(group_concat(name)) FROM t WHERE grp = %d", round);
    query(db, zSql, &sum);
    sqlite3_free(zSql);
  }
  sqlite3_close(db);
  printf("%lld\n", sum);
  return 0;
}
