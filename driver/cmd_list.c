/*
** cmd_list.c - "cescape list": the findings of a database in the terminal,
** one per line in the compiler's shape (Go's -m output for C).
**
**   cescape list [--db FILE] [--rule RULES]... [--path PREFIX]
*/
#include "cescape.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
const char cmd_list_usage[] =
  "usage: cescape list [--db FILE] [--rule RULES]... [--path PREFIX]\n"
  "                    [--as-warnings]\n"
  "\n"
  "Print the findings recorded in a database, sorted by file and line:\n"
  "  path:line:col: remark|warning: message [cescape:rule]\n"
  "with \" (suppressed)\" after those a cescape:ignore[rule] comment\n"
  "suppresses.\n"
  "Escaping allocations are listed too, whether or not the build printed\n"
  "them. A finding several units recorded (a header's struct) is listed\n"
  "once.\n"
  "\n"
  "Options:\n"
  "  --db FILE       The database (default: cescape.db)\n"
  "  --rule RULES    Only these rules, comma-separated (repeatable); an\n"
  "                  unknown rule is an error that lists the rules\n"
  "  --path PREFIX   Only files whose project-relative path starts so\n"
  "  --as-warnings   Print every finding as a warning: problem matchers\n"
  "                  such as VS Code's $gcc read warnings and errors only\n";
/* clang-format on */

int cmd_list(CescapeState *p, int nArg, char **azArg) {
  const char *zDb = "cescape.db";
  StringList rules = {NULL, 0};
  char *zRules = xstrdup("");
  const char *zPath = "";
  sqlite3 *db;
  sqlite3_stmt *pStmt = NULL;
  int i, rc, bAsWarnings = 0;
  const CommandOption aOpt[] = {{0, "db", .pzString = &zDb},
                                {0, "rule", .pList = &rules},
                                {0, "path", .pzString = &zPath},
                                {0, "as-warnings", .pbFlag = &bAsWarnings},
                                {0}};
  (void)p;
  if ((rc = parse_options(nArg, azArg, aOpt, cmd_list_usage, NULL)) !=
      CESCAPE_PARSED)
    return rc;
  /* Every --rule value, a comma-separated list, joined into one. */
  for (i = 0; i < rules.n; i++) {
    char *zNext;
    if (check_rule_list("--rule", rules.az[i])) {
      free(zRules);
      return CESCAPE_EXIT_USAGE;
    }
    zNext = mprintf("%s%s%s", zRules, i ? "," : "", rules.az[i]);
    free(zRules);
    zRules = zNext;
  }
  free(rules.az);

  db = open_database(zDb);
  if (db == NULL)
    return CESCAPE_EXIT_USAGE;
  rc = sqlite3_prepare_v2(
      db,
      "SELECT path, line, col, severity, message, rule, suppressed"
      " FROM findings WHERE substr(path, 1, length(?1)) = ?1"
      "   AND (?2 = '' OR instr(',' || ?2 || ',', ',' || rule || ','))"
      "   AND id IN (SELECT min(id) FROM findings GROUP BY fingerprint)"
      " ORDER BY path, line, col, rule, message",
      -1, &pStmt, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(pStmt, 1, zPath, -1, SQLITE_STATIC);
    sqlite3_bind_text(pStmt, 2, zRules, -1, SQLITE_STATIC);
    /* The compiler's shape, so that editors' problem matchers read it. */
    while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW)
      printf("%s:%d:%d: %s: %s [cescape:%s]%s\n",
             (const char *)sqlite3_column_text(pStmt, 0),
             sqlite3_column_int(pStmt, 1), sqlite3_column_int(pStmt, 2),
             bAsWarnings ? "warning"
                         : (const char *)sqlite3_column_text(pStmt, 3),
             (const char *)sqlite3_column_text(pStmt, 4),
             (const char *)sqlite3_column_text(pStmt, 5),
             sqlite3_column_int(pStmt, 6) ? " (suppressed)" : "");
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
  free(zRules);
  return CESCAPE_EXIT_OK;
}
