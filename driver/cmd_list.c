/*
** cmd_list.c - "cescape list": the findings of a database in the terminal,
** one per line in the compiler's shape (Go's -m output for C).
**
**   cescape list [--db FILE] [--rule RULE]... [--path PREFIX]
*/
#include "cescape.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
const char cmd_list_usage[] =
  "usage: cescape list [--db FILE] [--rule RULE]... [--path PREFIX]\n"
  "\n"
  "Print the findings recorded in a database, sorted by file and line:\n"
  "  path:line:col: message [cescape:rule]\n"
  "with \" (suppressed)\" after those a cescape:ignore[rule] comment\n"
  "suppresses.\n"
  "Escaping allocations are listed too, whether or not the build printed\n"
  "them. A finding several units recorded (a header's struct) is listed\n"
  "once.\n"
  "\n"
  "Options:\n"
  "  --db FILE       The database (default: cescape.db)\n"
  "  --rule RULE     Only this rule: heap-to-stack, small-buffer, escape,\n"
  "                  dangling, false-sharing, array-false-sharing\n"
  "                  (repeatable)\n"
  "  --path PREFIX   Only files whose project-relative path starts so\n";
/* clang-format on */

int cmd_list(CescapeState *p, int nArg, char **azArg) {
  const char *zDb = "cescape.db";
  StringList rules = {NULL, 0};
  const char *zPath = "";
  sqlite3 *db;
  sqlite3_stmt *pStmt = NULL;
  int i, rc;
  const CommandOption aOpt[] = {{0, "db", .pzString = &zDb},
                                {0, "rule", .pList = &rules},
                                {0, "path", .pzString = &zPath},
                                {0}};
  (void)p;
  if ((rc = parse_options(nArg, azArg, aOpt, cmd_list_usage, NULL)) !=
      CESCAPE_PARSED)
    return rc;

  db = open_database(zDb);
  if (db == NULL)
    return CESCAPE_EXIT_USAGE;
  rc = sqlite3_prepare_v2(
      db,
      "SELECT path, line, col, message, rule, suppressed FROM findings"
      " WHERE substr(path, 1, length(?1)) = ?1"
      "   AND (?2 = 0 OR rule IN (SELECT value FROM json_each(?3)))"
      "   AND id IN (SELECT min(id) FROM findings GROUP BY fingerprint)"
      " ORDER BY path, line, col, rule, message",
      -1, &pStmt, NULL);
  if (rc == SQLITE_OK) {
    /* The rules as a JSON array, for json_each(): names are plain words. */
    char *zRules = xstrdup("[");
    for (i = 0; i < rules.n; i++) {
      char *zNext = mprintf("%s%s\"%s\"", zRules, i ? "," : "", rules.az[i]);
      free(zRules);
      zRules = zNext;
      if (strchr(rules.az[i], '"') || strchr(rules.az[i], '\\')) {
        cescape_error("bad rule name '%s'", rules.az[i]);
        free(zRules);
        sqlite3_finalize(pStmt);
        sqlite3_close(db);
        return CESCAPE_EXIT_USAGE;
      }
    }
    {
      char *zNext = mprintf("%s]", zRules);
      free(zRules);
      zRules = zNext;
    }
    sqlite3_bind_text(pStmt, 1, zPath, -1, SQLITE_STATIC);
    sqlite3_bind_int(pStmt, 2, rules.n);
    sqlite3_bind_text(pStmt, 3, zRules, -1, SQLITE_TRANSIENT);
    free(zRules);
    while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
      printf("%s:%d:%d: %s [cescape:%s]%s\n",
             (const char *)sqlite3_column_text(pStmt, 0),
             sqlite3_column_int(pStmt, 1), sqlite3_column_int(pStmt, 2),
             (const char *)sqlite3_column_text(pStmt, 3),
             (const char *)sqlite3_column_text(pStmt, 4),
             sqlite3_column_int(pStmt, 5) ? " (suppressed)" : "");
    }
  }
  if (rc != SQLITE_DONE) {
    cescape_error("cannot read findings from '%s': %s", zDb,
                  sqlite3_errmsg(db));
    sqlite3_finalize(pStmt);
    sqlite3_close(db);
    return CESCAPE_EXIT_USAGE;
  }
  sqlite3_finalize(pStmt);
  sqlite3_close(db);
  return CESCAPE_EXIT_OK;
}
