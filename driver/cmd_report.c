/*
** cmd_report.c - "cescape report": a static HTML site from a database.
**
**   cescape report [--db FILE] [-o DIR] [--baseline FILE]
**
** The site opens from file:// with no network: index.html (totals and the
** finding table), new.html (with --baseline), layouts.html (when the
** database has struct layouts), src/<n>-<name>.html (one annotated source
** page per file), and the assets embedded from reports/.  The finding table
** is filled by table.js from findings.js, a script that sets a global: a
** page from file:// may not fetch() a JSON file.
**
** Safety: every string from the database goes through html_write() (HTML)
** or js_write() (the data script), the scripts insert strings with
** textContent only, page names are made of safe characters, and every page
** carries a Content-Security-Policy that allows no inline script.
*/
#include "report.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* clang-format off */
const char cmd_report_usage[] =
  "usage: cescape report [--db FILE] [-o DIR] [--baseline FILE]\n"
  "\n"
  "Write a static HTML report of a database into DIR, to open from disk\n"
  "(file://DIR/index.html): totals per rule and directory, the functions\n"
  "with the most escapes, a finding table that filters, sorts and pages,\n"
  "one annotated source page per file with the flow steps and fix-it\n"
  "previews of its findings, and struct layout diagrams. Files in DIR with\n"
  "the report's names are replaced; a symbolic link in their place, or as\n"
  "DIR, is refused, never followed.\n"
  "\n"
  "Options:\n"
  "  --db FILE         The database (default: cescape.db)\n"
  "  -o, --output DIR  The directory to write (default: cescape-report)\n"
  "  --baseline FILE   The main branch's database: adds new.html, the\n"
  "                    findings whose fingerprint it lacks (suppressed\n"
  "                    ones never count)\n";
/* clang-format on */

/*
** Write each rule's colour (db/rules.def, through temp.rules) as the
** stylesheet's rules for its badges and finding boxes.
*/
static int write_rule_colours(Report *p, FILE *out) {
  sqlite3_stmt *pStmt =
      report_prepare(p, "SELECT name, colour FROM temp.rules ORDER BY idx");
  int rc;
  if (pStmt == NULL)
    return 1;
  while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
    const char *zName = column_text(pStmt, 0);
    const char *zColour = column_text(pStmt, 1);
    fprintf(out,
            ".rule.rule-%s { background: %s; }\n"
            "tr.finding.rule-%s .box { border-color: %s; }\n",
            zName, zColour, zName, zColour);
  }
  return report_finish(p, pStmt, rc);
}

/*
** Copy the embedded assets the pages load into the output directory.
*/
static int write_assets(Report *p) {
  static const char *const azCopied[] = {"report.css", "table.js"};
  size_t i;
  for (i = 0; i < sizeof(azCopied) / sizeof(azCopied[0]); i++) {
    const ReportAsset *pAsset = report_asset(azCopied[i]);
    FILE *out = report_open(p, azCopied[i]);
    if (out == NULL)
      return 1;
    fwrite(pAsset->zData, 1, pAsset->nData, out);
    if (strcmp(azCopied[i], "report.css") == 0 && write_rule_colours(p, out)) {
      report_discard(p, out, azCopied[i]);
      return 1;
    }
    if (report_close(p, out, azCopied[i]))
      return 1;
  }
  return 0;
}

int cmd_report(CescapeState *pState, int nArg, char **azArg) {
  const char *zDb = "cescape.db";
  const char *zBaseline = NULL;
  Report r;
  int bad = 1, rc;
  (void)pState;

  memset(&r, 0, sizeof(r));
  r.zDir = "cescape-report";
  const CommandOption aOpt[] = {{0, "db", .pzString = &zDb},
                                {0, "baseline", .pzString = &zBaseline},
                                {'o', "output", .pzString = &r.zDir},
                                {0}};
  if ((rc = parse_options(nArg, azArg, aOpt, cmd_report_usage, NULL)) !=
      CESCAPE_PARSED)
    return rc;
  r.zTemplate = report_asset("page.html")->zData;
  r.db = open_database(zDb);
  if (r.db == NULL)
    return CESCAPE_EXIT_USAGE;
  if (rules_table(r.db)) {
    cescape_error("cannot read database '%s': %s", zDb, sqlite3_errmsg(r.db));
    goto done;
  }
  if (zBaseline) {
    char *zRules = gate_default_rules();
    int bNoCompare = compare_with_baseline(r.db, zBaseline, zRules);
    free(zRules);
    if (bNoCompare)
      goto done;
    r.bBaseline = 1;
    r.zIsNew = "f.id IN (SELECT id FROM temp.new_findings)";
  } else {
    r.zIsNew = "0";
  }
  /* One read transaction: every page sees the same database, even while
  ** a build writes it. */
  if (report_exec(&r, "BEGIN") ||
      (r.bLayouts = (int)count_rows(&r, "SELECT count(*) > 0 FROM records")) <
          0 ||
      (r.bProfile =
           (int)count_rows(&r, "SELECT count(*) > 0 FROM profile_sites")) < 0)
    goto done;
  {
    char *zSrc = mprintf("%s/src", r.zDir);
    int bNoDir = make_directory(r.zDir) || make_directory(zSrc);
    free(zSrc);
    if (bNoDir)
      goto done;
  }
  if (make_pages(&r) || write_assets(&r) || write_findings_script(&r) ||
      write_index(&r, path_basename(zDb)) ||
      (r.bBaseline && write_new_page(&r)) || write_source_pages(&r) ||
      (r.bLayouts && write_layouts(&r)))
    goto done;
  {
    /* Where to open it: a URL a terminal makes clickable. */
    char *zAbsolute = realpath(r.zDir, NULL);
    fputs("cescape report: open file://", stdout);
    url_write(stdout, zAbsolute ? zAbsolute : r.zDir);
    fputs("/index.html\n", stdout);
    free(zAbsolute);
  }
  bad = 0;
done:
  sqlite3_close(r.db);
  return bad ? CESCAPE_EXIT_USAGE : CESCAPE_EXIT_OK;
}
