/*
** cmd_list.c - "cescape list": the findings of a database in the terminal,
** one per line in the compiler's shape (Go's -m output for C).
**
**   cescape list [--db FILE] [--rule RULES]... [--path PREFIX] [--sort VALUE]
*/
#include "cescape.h"

#include "profile.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
const char cmd_list_usage[] =
  "usage: cescape list [--db FILE] [--rule RULES]... [--path PREFIX]\n"
  "                    [--as-warnings] [--sort VALUE]\n"
  "\n"
  "Print the findings recorded in a database, sorted by file and line:\n"
  "  path:line:col: remark|warning: message [cescape:rule]\n"
  "with \" (suppressed)\" after those a cescape:ignore[rule] comment\n"
  "suppresses.\n"
  "Escaping allocations are listed too, whether or not the build printed\n"
  "them. A finding several units recorded (a header's struct) is listed\n"
  "once.\n"
  "After an allocation that cescape profile --db saw run comes what it\n"
  "cost: (alloc N = BYTES, inuse N = BYTES), inuse being what was not\n"
  "freed when the program ended.\n"
  "\n"
  "Options:\n"
  "  --db FILE       The database (default: cescape.db)\n"
  "  --rule RULES    Only these rules, comma-separated (repeatable); an\n"
  "                  unknown rule is an error that lists the rules\n"
  "  --path PREFIX   Only files whose project-relative path starts so\n"
  "  --as-warnings   Print every finding as a warning: problem matchers\n"
  "                  such as VS Code's $gcc read warnings and errors only\n"
  "  --sort VALUE    Costliest first by the profile's alloc_objects,\n"
  "                  alloc_space, inuse_objects or inuse_space\n";
/* clang-format on */

/*
** Text from the database as one line on a terminal: control characters
** (an ANSI escape, a newline) printed as \xNN, never raw.
*/
static void print_escaped(const unsigned char *z) {
  for (; z && *z; z++) {
    if (*z < 0x20 || *z == 0x7f)
      printf("\\x%02x", *z);
    else
      putchar(*z);
  }
}

/* The profile's columns iFirst.. of pStmt: " (alloc N = B, inuse N = B)". */
static void print_cost(sqlite3_stmt *pStmt, int iFirst) {
  char *zAlloc =
      profile_format_value(sqlite3_column_int64(pStmt, iFirst + 1), "bytes");
  char *zInuse =
      profile_format_value(sqlite3_column_int64(pStmt, iFirst + 3), "bytes");
  printf(" (alloc %lld = %s, inuse %lld = %s)",
         (long long)sqlite3_column_int64(pStmt, iFirst), zAlloc,
         (long long)sqlite3_column_int64(pStmt, iFirst + 2), zInuse);
  free(zAlloc);
  free(zInuse);
}

int cmd_list(CescapeState *p, int nArg, char **azArg) {
  const char *zDb = "cescape.db";
  StringList rules = {NULL, 0};
  char *zRules = xstrdup("");
  const char *zPath = "";
  const char *zSort = NULL;
  sqlite3 *db;
  sqlite3_stmt *pStmt = NULL;
  int i, rc, bAsWarnings = 0;
  const CommandOption aOpt[] = {{0, "db", .pzString = &zDb},
                                {0, "rule", .pList = &rules},
                                {0, "path", .pzString = &zPath},
                                {0, "as-warnings", .pbFlag = &bAsWarnings},
                                {0, "sort", .pzString = &zSort},
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
  if (zSort) {
    int bKnown = 0;
#define PROFILE_VALUE(NAME, UNIT) bKnown |= strcmp(zSort, #NAME) == 0;
    PROFILE_VALUES
#undef PROFILE_VALUE
    if (!bKnown) {
      cescape_error("--sort takes alloc_objects, alloc_space, inuse_objects "
                    "or inuse_space, not '%s'",
                    zSort);
      free(zRules);
      return CESCAPE_EXIT_USAGE;
    }
  }

  db = open_database(zDb);
  if (db == NULL)
    return CESCAPE_EXIT_USAGE;
  /* zSort is one of the known column names: safe to paste. */
  char *zOrder =
      zSort ? mprintf("coalesce(s.%s, 0) DESC,", zSort) : xstrdup("");
  char *zSql = mprintf(
      "SELECT f.path, f.line, f.col, severity, message, rule, suppressed,"
      " s.alloc_objects, s.alloc_space, s.inuse_objects, s.inuse_space"
      " FROM temp.distinct_findings f LEFT JOIN profile_sites s"
      "   ON s.path = f.path AND s.line = f.line AND s.col = f.col"
      " WHERE substr(f.path, 1, length(?1)) = ?1"
      "   AND (?2 = '' OR instr(',' || ?2 || ',', ',' || rule || ','))"
      " ORDER BY %s f.path, f.line, f.col, rule, message",
      zOrder);
  free(zOrder);
  rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL);
  free(zSql);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(pStmt, 1, zPath, -1, SQLITE_STATIC);
    sqlite3_bind_text(pStmt, 2, zRules, -1, SQLITE_STATIC);
    /* The compiler's shape, so that editors' problem matchers read it. */
    while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
      print_escaped(sqlite3_column_text(pStmt, 0));
      printf(":%d:%d: ", sqlite3_column_int(pStmt, 1),
             sqlite3_column_int(pStmt, 2));
      if (bAsWarnings)
        printf("warning");
      else
        print_escaped(sqlite3_column_text(pStmt, 3));
      printf(": ");
      print_escaped(sqlite3_column_text(pStmt, 4));
      printf(" [cescape:");
      print_escaped(sqlite3_column_text(pStmt, 5));
      printf("]%s", sqlite3_column_int(pStmt, 6) ? " (suppressed)" : "");
      if (sqlite3_column_type(pStmt, 7) != SQLITE_NULL)
        print_cost(pStmt, 7);
      printf("\n");
    }
  }
  if (rc != SQLITE_DONE) {
    char *zWhat = mprintf("findings from '%s'", zDb);
    database_read_error(db, zWhat);
    free(zWhat);
    sqlite3_finalize(pStmt);
    sqlite3_close(db);
    return CESCAPE_EXIT_USAGE;
  }
  sqlite3_finalize(pStmt);
  sqlite3_close(db);
  free(zRules);
  return CESCAPE_EXIT_OK;
}
