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

/* clang-format off */
const char cmd_gate_usage[] =
  "usage: cescape gate --baseline FILE [--db FILE] [--fail-on RULES]\n"
  "                    [--format text|json|sarif|gitlab] [-o FILE]\n"
  "\n"
  "Compare the findings of a build (--db) with a baseline database, by\n"
  "fingerprint: new, resolved, unchanged. Suppressed findings never count,\n"
  "and a fingerprint recorded by several units (a header's struct) counts\n"
  "once. The rules compared are dangling, heap-to-stack and small-buffer,\n"
  "and escape, false-sharing, array-false-sharing when --fail-on names them. The exit status is 1 when a finding of\n"
  "a --fail-on rule is new, 0 otherwise, 2 on a usage or data error.\n"
  "\n"
  "Options:\n"
  "  --baseline FILE   The database of the main branch\n"
  "  --db FILE         The database of this build (default: cescape.db)\n"
  "  --fail-on RULES   Comma-separated rules that fail the gate\n"
  "                    (default: dangling,heap-to-stack,small-buffer)\n"
  "  --format F        text (default) lists new and resolved findings;\n"
  "                    json, sarif, gitlab write the new findings\n"
  "  -o, --output F    Write to F instead of standard output\n";
/* clang-format on */

/*
** The rules a gate compares when --fail-on does not add escape.
*/
#define GATE_DEFAULT_RULES "dangling,heap-to-stack,small-buffer"

/*
** Print the findings of zQuery (path, line, col, message, rule) after
** zLabel; return how many, or -1 on an error.
*/
static int print_rows(sqlite3 *db, const char *zQuery, const char *zFailOn,
                      const char *zLabel, FILE *out) {
  sqlite3_stmt *pStmt = NULL;
  int n = 0, rc;
  if (sqlite3_prepare_v2(db, zQuery, -1, &pStmt, NULL) != SQLITE_OK)
    return -1;
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
  sqlite3_finalize(pStmt);
  return rc == SQLITE_DONE ? n : -1;
}

/*
** Whether finding row F of a database counts: not suppressed, of a compared
** rule; ?1 is the --fail-on list.
*/
#define GATE_COUNTS(F)                                                         \
  F ".suppressed = 0 AND (" F ".rule IN ('dangling','heap-to-stack',"          \
    "'small-buffer') OR instr(',' || ?1 || ',', ',' || " F ".rule || ','))"

/*
** Whether finding row F has a counted twin (same fingerprint) in schema S;
** the fingerprint index makes it a lookup.
*/
#define GATE_IN(S, F)                                                          \
  "EXISTS (SELECT 1 FROM " S ".findings t WHERE t.fingerprint = " F            \
  ".fingerprint AND " GATE_COUNTS("t") ")"

/*
** Whether finding row F of schema S is the first counted row of its
** fingerprint: a struct in a header is one false-sharing finding however
** many units record it.
*/
#define GATE_FIRST(S, F)                                                       \
  "NOT EXISTS (SELECT 1 FROM " S ".findings d WHERE d.fingerprint = " F        \
  ".fingerprint AND d.id < " F ".id AND " GATE_COUNTS("d") ")"

static const char zNew[] =
    "SELECT f.path, f.line, f.col, f.message, f.rule, f.id FROM main.findings f"
    " WHERE " GATE_COUNTS("f") " AND " GATE_FIRST(
        "main", "f") " AND NOT " GATE_IN("base",
                                         "f") " ORDER BY f.path, f.line, f.col";
/* A unit this build did not record (its write failed, or it was not
** compiled) resolves nothing: its findings are not compared. */
static const char zResolved[] =
    "SELECT f.path, f.line, f.col, f.message, f.rule FROM base.findings f"
    " JOIN base.units bu ON bu.id = f.unit_id"
    " WHERE " GATE_COUNTS("f") " AND " GATE_FIRST(
        "base",
        "f") " AND NOT " GATE_IN("main",
                                 "f") " AND EXISTS (SELECT 1 FROM main.units u "
                                      "WHERE u.path = bu.path)"
                                      " ORDER BY f.path, f.line, f.col";
static const char zMissingUnits[] =
    "SELECT path FROM base.units WHERE path NOT IN (SELECT path FROM "
    "main.units) ORDER BY path";
static const char zUnchanged[] =
    "SELECT f.path, f.line, f.col, f.message, f.rule FROM main.findings f"
    " WHERE " GATE_COUNTS("f") " AND " GATE_FIRST("main", "f") " AND " GATE_IN(
        "base", "f");
static const char zFailing[] =
    "SELECT f.path, f.line, f.col, f.message, f.rule FROM main.findings f"
    " WHERE " GATE_COUNTS("f") " AND " GATE_FIRST(
        "main", "f") " AND NOT " GATE_IN("base",
                                         "f") " AND instr(',' || ?1 || ',', "
                                              "',' || f.rule || ',')";

int cmd_gate(CescapeState *p, int nArg, char **azArg) {
  const char *zDb = "cescape.db";
  const char *zBaseline = NULL;
  const char *zFailOn = GATE_DEFAULT_RULES;
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
  if (strcmp(zFormat, "text") != 0 && !is_findings_format(zFormat)) {
    cescape_error("--format must be text, json, sarif or gitlab");
    return CESCAPE_EXIT_USAGE;
  }
  db = open_database(zDb);
  if (db == NULL)
    return CESCAPE_EXIT_USAGE;
  if (attach_baseline(db, zBaseline))
    goto done;
  if (zOut && (out = fopen(zOut, "w")) == NULL) {
    cescape_error("cannot write '%s'", zOut);
    out = stdout;
    goto done;
  }
  {
    FILE *pText = strcmp(zFormat, "text") == 0 ? out : NULL;
    nNew = print_rows(db, zNew, zFailOn, "new:", pText);
    nResolved = print_rows(db, zResolved, zFailOn, "resolved:", pText);
    nUnchanged = print_rows(db, zUnchanged, zFailOn, "", NULL);
    nFailing = print_rows(db, zFailing, zFailOn, "", NULL);
  }
  {
    sqlite3_stmt *pMissing = NULL;
    if (sqlite3_prepare_v2(db, zMissingUnits, -1, &pMissing, NULL) == SQLITE_OK)
      while (sqlite3_step(pMissing) == SQLITE_ROW)
        cescape_warning("'%s' is in the baseline but not in this build's "
                        "database: its findings were not compared",
                        (const char *)sqlite3_column_text(pMissing, 0));
    sqlite3_finalize(pMissing);
  }
  if (nNew < 0 || nResolved < 0 || nUnchanged < 0 || nFailing < 0) {
    cescape_error("cannot compare with the baseline: %s", sqlite3_errmsg(db));
    goto done;
  }
  if (strcmp(zFormat, "text") != 0) {
    /* The new findings, in the CI format. */
    char *zSql =
        mprintf("CREATE TEMP TABLE selected AS SELECT id FROM (%s)", zNew);
    sqlite3_stmt *pSel = NULL;
    int bad =
        sqlite3_prepare_v2(db, zSql, -1, &pSel, NULL) != SQLITE_OK ||
        sqlite3_bind_text(pSel, 1, zFailOn, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_step(pSel) != SQLITE_DONE;
    sqlite3_finalize(pSel);
    free(zSql);
    if (bad) {
      cescape_error("cannot select the new findings: %s", sqlite3_errmsg(db));
      goto done;
    }
    if (write_findings(db, zFormat, out))
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
  return rc;
}
