/*
** cmd_gate.c - "cescape gate": compare a build's findings with a baseline
** (the main branch's database) by fingerprint, and fail on new ones.
**
**   cescape gate --baseline FILE [--db FILE] [--fail-on RULES]
**                [--format text|json|sarif|gitlab] [-o FILE]
*/
#include "cescape.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* In the usage, one line per rule of db/rules.def, the default ones
** marked. */
#define GATE_DEFAULT_1 " *"
#define GATE_DEFAULT_0 ""
#define CESCAPE_RULE(Id, Name, Severity, Gated, ...)                           \
  "                      " Name GATE_DEFAULT_##Gated "\n"

/* clang-format off */
const char cmd_gate_usage[] =
  "usage: cescape gate --baseline FILE|none [--db FILE] [--fail-on RULES]\n"
  "                    [--format text|json|sarif|gitlab] [-o FILE]\n"
  "\n"
  "Compare the findings of a build (--db) with a baseline database, by\n"
  "fingerprint: new, resolved, unchanged. Suppressed findings never count,\n"
  "and a fingerprint recorded by several units (a header's struct) counts\n"
  "once. The rules compared are the --fail-on rules and the default ones.\n"
  "The exit status is 1 when a finding of a --fail-on rule is new, 0\n"
  "otherwise, 2 on a usage or data error (an unknown rule among them).\n"
  "\n"
  "Options:\n"
  "  --baseline FILE   The database of the main branch; 'none' (or an\n"
  "                    empty database) makes every finding new\n"
  "  --db FILE         The database of this build (default: cescape.db)\n"
  "  --fail-on RULES   Comma-separated rules that fail the gate (by\n"
  "                    default those marked *):\n"
#include "rules.def"
  "  --format F        text (default) lists new and resolved findings;\n"
  "                    json, sarif, gitlab write the new findings\n"
  "                    (gitlab: the --fail-on rules' are major, the\n"
  "                    others' info)\n"
  "  -o, --output F    Write to F instead of standard output\n";
/* clang-format on */

/*
** Print the findings of zQuery (path, line, col, message, rule) after
** zLabel on out (NULL: count them only); return how many, or print why
** and return -1 on an error.  ?1 is the --fail-on list.
*/
static int print_rows(sqlite3 *db, const char *zQuery, const char *zFailOn,
                      const char *zLabel, FILE *out) {
  sqlite3_stmt *pStmt = NULL;
  int n = 0, rc;
  if (sqlite3_prepare_v2(db, zQuery, -1, &pStmt, NULL) != SQLITE_OK) {
    database_read_error(db, "the findings");
    return -1;
  }
  sqlite3_bind_text(pStmt, 1, zFailOn, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
    if (out)
      fprintf(out, "%s %s:%d:%d: %s [cescape:%s]\n", zLabel,
              (const char *)sqlite3_column_text(pStmt, 0),
              sqlite3_column_int(pStmt, 1), sqlite3_column_int(pStmt, 2),
              (const char *)sqlite3_column_text(pStmt, 3),
              (const char *)sqlite3_column_text(pStmt, 4));
    n++;
  }
  if (rc != SQLITE_DONE)
    database_read_error(db, "the findings");
  sqlite3_finalize(pStmt);
  return rc == SQLITE_DONE ? n : -1;
}

/*
** The comparisons of a gate, over the views of baseline.c.
*/
#define GATE_ROWS(VIEW)                                                        \
  "SELECT path, line, col, message, rule FROM temp." VIEW                      \
  " ORDER BY path, line, col, rule"
static const char zFailing[] =
    "SELECT path, line, col, message, rule FROM temp.new_findings"
    " WHERE instr(',' || ?1 || ',', ',' || rule || ',')";

int cmd_gate(CescapeState *p, int nArg, char **azArg) {
  const char *zDb = "cescape.db";
  const char *zBaseline = NULL;
  char *zDefault = gate_default_rules();
  const char *zFailOn = zDefault;
  const char *zFormat = "text";
  const char *zOut = NULL;
  sqlite3 *db;
  FILE *out = stdout;
  int nNew, nResolved, nUnchanged, nFailing, rc = CESCAPE_EXIT_USAGE;
  (void)p;

  const CommandOption aOpt[] = {{0, "db", .pzString = &zDb},
                                {0, "baseline", .pzString = &zBaseline},
                                {0, "fail-on", .pzString = &zFailOn},
                                {0, "format", .pzString = &zFormat},
                                {'o', "output", .pzString = &zOut},
                                {0}};
  if ((rc = parse_options(nArg, azArg, aOpt, cmd_gate_usage, NULL)) !=
      CESCAPE_PARSED)
    return rc;
  rc = CESCAPE_EXIT_USAGE;
  if (zBaseline == NULL) {
    cescape_error("gate needs --baseline FILE (see cescape gate --help)");
    return CESCAPE_EXIT_USAGE;
  }
  if (check_rule_list("--fail-on", zFailOn))
    return CESCAPE_EXIT_USAGE;
  if (strcmp(zFormat, "text") != 0 && !is_findings_format(zFormat)) {
    cescape_error("--format must be text, json, sarif or gitlab");
    return CESCAPE_EXIT_USAGE;
  }
  db = open_database(zDb);
  if (db == NULL)
    return CESCAPE_EXIT_USAGE;
  {
    char *zRules = mprintf("%s,%s", zDefault, zFailOn);
    int bad = compare_with_baseline(db, zBaseline, zRules);
    free(zRules);
    if (bad)
      goto done;
  }
  /* The text goes to out as it is read; a CI format is made whole first. */
  if (zOut && strcmp(zFormat, "text") == 0 &&
      (out = fopen(zOut, "w")) == NULL) {
    cescape_error("cannot write '%s'", zOut);
    out = stdout;
    goto done;
  }
  {
    FILE *pText = strcmp(zFormat, "text") == 0 ? out : NULL;
    if ((nNew = print_rows(db, GATE_ROWS("new_findings"), zFailOn,
                           "new:", pText)) < 0 ||
        (nResolved = print_rows(db, GATE_ROWS("resolved_findings"), zFailOn,
                                "resolved:", pText)) < 0 ||
        (nUnchanged = print_rows(db, GATE_ROWS("unchanged_findings"), zFailOn,
                                 "", NULL)) < 0 ||
        (nFailing = print_rows(db, zFailing, zFailOn, "", NULL)) < 0)
      goto done;
  }
  {
    sqlite3_stmt *pMissing = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT path FROM temp.missing_units ORDER BY path",
                           -1, &pMissing, NULL) == SQLITE_OK)
      while (sqlite3_step(pMissing) == SQLITE_ROW)
        cescape_warning("'%s' is in the baseline but not in this build's "
                        "database: its findings were not compared",
                        (const char *)sqlite3_column_text(pMissing, 0));
    sqlite3_finalize(pMissing);
  }
  if (strcmp(zFormat, "text") != 0) {
    /* The new findings, in the CI format. */
    if (sqlite3_exec(db,
                     "CREATE TEMP TABLE selected AS SELECT id FROM "
                     "temp.new_findings",
                     NULL, NULL, NULL) != SQLITE_OK) {
      database_read_error(db, "the new findings");
      goto done;
    }
    if (write_findings(db, zFormat, zOut, zFailOn))
      goto done;
  }
  fprintf(stderr,
          "cescape gate: %d new, %d resolved, %d unchanged; %d new of the "
          "failing rules (%s)\n",
          nNew, nResolved, nUnchanged, nFailing, zFailOn);
  rc = nFailing ? CESCAPE_EXIT_GATE : CESCAPE_EXIT_OK;

done:
  if (out != stdout && fclose(out) != 0) {
    cescape_error("cannot write '%s'", zOut);
    rc = CESCAPE_EXIT_USAGE;
  }
  sqlite3_close(db);
  free(zDefault);
  return rc;
}
