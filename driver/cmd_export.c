/*
** cmd_export.c - "cescape export": every finding of a database as JSON,
** SARIF 2.1.0 (GitHub code scanning) or GitLab Code Quality.
**
**   cescape export --format json|sarif|gitlab [--db FILE] [-o FILE]
*/
#include "cescape.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

/* clang-format off */
const char cmd_export_usage[] =
  "usage: cescape export --format json|sarif|gitlab [--db FILE] [-o FILE]\n"
  "                      [--baseline FILE|none]\n"
  "\n"
  "Write every finding of a database in a format CI systems read:\n"
  "  sarif   SARIF 2.1.0, for GitHub code scanning (partialFingerprints,\n"
  "          codeFlows from the flow paths, suppressions)\n"
  "  gitlab  GitLab Code Quality (suppressed findings left out)\n"
  "  json    every column of every finding, with its flow steps\n"
  "\n"
  "Options:\n"
  "  --db FILE       The database (default: cescape.db)\n"
  "  -o, --output F  Write to F instead of standard output\n"
  "  --baseline F    Only the findings new since database F, as the gate\n"
  "                  counts them with its default rules\n";
/* clang-format on */

int cmd_export(CescapeState *p, int nArg, char **azArg) {
  const char *zDb = "cescape.db";
  const char *zFormat = NULL;
  const char *zOut = NULL;
  const char *zBaseline = NULL;
  const char *zSelect =
      "CREATE TEMP TABLE selected AS SELECT id FROM temp.distinct_findings";
  sqlite3 *db;
  int rc;
  (void)p;

  const CommandOption aOpt[] = {{0, "db", .pzString = &zDb},
                                {0, "format", .pzString = &zFormat},
                                {0, "baseline", .pzString = &zBaseline},
                                {'o', "output", .pzString = &zOut},
                                {0}};
  if ((rc = parse_options(nArg, azArg, aOpt, cmd_export_usage, NULL)) !=
      CESCAPE_PARSED)
    return rc;
  if (zFormat == NULL || !is_findings_format(zFormat)) {
    cescape_error("--format must be json, sarif or gitlab");
    return CESCAPE_EXIT_USAGE;
  }
  db = open_database(zDb);
  if (db == NULL)
    return CESCAPE_EXIT_USAGE;
  if (zBaseline) {
    char *zRules = gate_default_rules();
    int bad = compare_with_baseline(db, zBaseline, zRules);
    free(zRules);
    if (bad) {
      sqlite3_close(db);
      return CESCAPE_EXIT_USAGE;
    }
    zSelect = "CREATE TEMP TABLE selected AS SELECT id FROM temp.new_findings";
  }
  if (sqlite3_exec(db, zSelect, NULL, NULL, NULL) != SQLITE_OK) {
    char *zWhat = mprintf("findings from '%s'", zDb);
    database_read_error(db, zWhat);
    free(zWhat);
    sqlite3_close(db);
    return CESCAPE_EXIT_USAGE;
  }
  {
    char *zRules = gate_default_rules();
    rc = write_findings(db, zFormat, zOut, zRules);
    free(zRules);
  }
  sqlite3_close(db);
  return rc ? CESCAPE_EXIT_USAGE : CESCAPE_EXIT_OK;
}
