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

/*
** The most --rule options one call takes: one per rule, and some spare.
*/
#define LIST_MAX_RULES 16

int cmd_list(CescapeState *p, int nArg, char **azArg) {
  const char *zDb = "cescape.db";
  const char *azRule[LIST_MAX_RULES];
  int nRule = 0;
  const char *zPath = "";
  sqlite3 *db;
  sqlite3_stmt *pStmt = NULL;
  int i, rc;
  (void)p;

  for (i = 1; i < nArg; i++) {
    const char *z = azArg[i];
    int bValue = isoption(z, 0, "db") || isoption(z, 0, "rule") ||
                 isoption(z, 0, "path");
    if (bValue && i + 1 >= nArg) {
      cescape_error("option '%s' needs a value", z);
      return CESCAPE_EXIT_USAGE;
    }
    if (isoption(z, 0, "db")) {
      zDb = azArg[++i];
    } else if (isoption(z, 0, "rule")) {
      if (nRule == LIST_MAX_RULES) {
        cescape_error("too many --rule options");
        return CESCAPE_EXIT_USAGE;
      }
      azRule[nRule++] = azArg[++i];
    } else if (isoption(z, 0, "path")) {
      zPath = azArg[++i];
    } else {
      cescape_error("unknown option '%s' (see cescape list --help)", z);
      return CESCAPE_EXIT_USAGE;
    }
  }

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
    for (i = 0; i < nRule; i++) {
      char *zNext = mprintf("%s%s\"%s\"", zRules, i ? "," : "", azRule[i]);
      free(zRules);
      zRules = zNext;
      if (strchr(azRule[i], '"') || strchr(azRule[i], '\\')) {
        cescape_error("bad rule name '%s'", azRule[i]);
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
    sqlite3_bind_int(pStmt, 2, nRule);
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
