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
#include "cescape.h"

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
  "the report's names are replaced.\n"
  "\n"
  "Options:\n"
  "  --db FILE         The database (default: cescape.db)\n"
  "  -o, --output DIR  The directory to write (default: cescape-report)\n"
  "  --baseline FILE   The main branch's database: adds new.html, the\n"
  "                    findings whose fingerprint it lacks (suppressed\n"
  "                    ones never count)\n";
/* clang-format on */

/*
** How many functions the index lists under "most escapes".
*/
#define REPORT_TOP_FUNCTIONS 20

/*
** The most bytes of a file's base name kept in its page name.
*/
#define REPORT_PAGE_NAME_MAX 48

/*
** Bits of a finding's flags in findings.js; table.js knows them too.
*/
#define REPORT_FLAG_SUPPRESSED 1
#define REPORT_FLAG_NEW 2

/*
** Layout diagrams: pixels for one cache line, the label column on the left,
** and each line's row.
*/
#define SVG_LINE_WIDTH 512
#define SVG_LABEL_WIDTH 120
#define SVG_ROW_HEIGHT 34
#define SVG_ROW_GAP 16

/*
** State of one "cescape report" run.
*/
typedef struct Report Report;
struct Report {
  sqlite3 *db;           /* The database; the baseline attached as "base" */
  const char *zDir;      /* The output directory */
  const char *zTemplate; /* reports/page.html */
  const char *zIsNew;    /* SQL: whether finding row f is new, or "0" */
  int bBaseline;         /* --baseline was given */
  int bLayouts;          /* The database has records: layouts.html exists */
};

/*
** A file's text split into lines.  Line i (1-based) is
** z[aStart[i-1] .. aStart[i]), its newline included.
*/
typedef struct SourceText SourceText;
struct SourceText {
  char *z;     /* The text, NUL-terminated, or NULL when not recorded */
  int n;       /* Bytes in z */
  int *aStart; /* nLine + 1 offsets */
  int nLine;   /* Number of lines */
};

/*
** The asset called zName, embedded from reports/, or NULL.
*/
static const ReportAsset *report_asset(const char *zName) {
  const ReportAsset *pAsset;
  for (pAsset = report_assets; pAsset->zName; pAsset++)
    if (strcmp(pAsset->zName, zName) == 0)
      return pAsset;
  return NULL;
}

/*
** Array a of n elements of nSize bytes, *pnAlloc allocated, with room for
** one more: the same array, or a copy twice as large.
*/
static void *grow_array(void *a, int n, int *pnAlloc, size_t nSize) {
  void *aNew;
  if (n < *pnAlloc)
    return a;
  *pnAlloc = *pnAlloc ? 2 * *pnAlloc : 16;
  aNew = xmalloc(nSize * (size_t)*pnAlloc);
  if (n)
    memcpy(aNew, a, nSize * (size_t)n);
  free(a);
  return aNew;
}

/*
** Write n bytes of z as HTML text or attribute value.
*/
static void html_write_n(FILE *out, const char *z, size_t n) {
  size_t i, iRun = 0;
  for (i = 0; i < n; i++) {
    const char *zEntity = z[i] == '&'    ? "&amp;"
                          : z[i] == '<'  ? "&lt;"
                          : z[i] == '>'  ? "&gt;"
                          : z[i] == '"'  ? "&quot;"
                          : z[i] == '\'' ? "&#39;"
                          : z[i] == 0    ? "\xef\xbf\xbd" /* U+FFFD */
                                         : NULL;
    if (zEntity == NULL)
      continue;
    fwrite(z + iRun, 1, i - iRun, out);
    fputs(zEntity, out);
    iRun = i + 1;
  }
  fwrite(z + iRun, 1, n - iRun, out);
}

/*
** Write string z (NULL writes nothing) as HTML text or attribute value.
*/
static void html_write(FILE *out, const char *z) {
  if (z)
    html_write_n(out, z, strlen(z));
}

/*
** Write z percent-encoded for a URL (path or fragment): the result has no
** character HTML treats specially.
*/
static void url_write(FILE *out, const char *z) {
  for (; *z; z++) {
    unsigned char c = (unsigned char)*z;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || strchr("-._~/", c))
      fputc(c, out);
    else
      fprintf(out, "%%%02X", c);
  }
}

/*
** Write JSON text z (from SQLite's JSON functions) into a script.  JSON
** allows these characters raw inside strings; escaping them keeps markup
** out of the file whatever reads it, and U+2028/U+2029 out of older JS
** parsers.  They occur only inside strings, so \u escapes stay valid JSON.
*/
static void js_write(FILE *out, const char *z) {
  const char *zRun = z;
  for (; *z; z++) {
    const char *zEscape = NULL;
    if (*z == '<')
      zEscape = "\\u003c";
    else if (*z == '>')
      zEscape = "\\u003e";
    else if (*z == '&')
      zEscape = "\\u0026";
    else if (z[0] == '\xe2' && z[1] == '\x80' &&
             (z[2] == '\xa8' || z[2] == '\xa9'))
      zEscape = z[2] == '\xa8' ? "\\u2028" : "\\u2029";
    if (zEscape == NULL)
      continue;
    fwrite(zRun, 1, (size_t)(z - zRun), out);
    fputs(zEscape, out);
    if (z[0] == '\xe2')
      z += 2;
    zRun = z + 1;
  }
  fputs(zRun, out);
}

/*
** Run zSql, which must succeed with no result; print why and return 1 if
** it does not.
*/
static int exec_sql(Report *p, const char *zSql) {
  if (sqlite3_exec(p->db, zSql, NULL, NULL, NULL) == SQLITE_OK)
    return 0;
  cescape_error("cannot read the database: %s", sqlite3_errmsg(p->db));
  return 1;
}

/*
** Prepare zSql, printing why on failure; NULL then.
*/
static sqlite3_stmt *prepare(Report *p, const char *zSql) {
  sqlite3_stmt *pStmt = NULL;
  if (sqlite3_prepare_v2(p->db, zSql, -1, &pStmt, NULL) != SQLITE_OK) {
    cescape_error("cannot read the database: %s", sqlite3_errmsg(p->db));
    sqlite3_finalize(pStmt);
    return NULL;
  }
  return pStmt;
}

/*
** Finish statement pStmt after its last step returned rc; print why and
** return 1 when the steps ended in an error.
*/
static int finish(Report *p, sqlite3_stmt *pStmt, int rc) {
  sqlite3_finalize(pStmt);
  if (rc == SQLITE_DONE)
    return 0;
  cescape_error("cannot read the database: %s", sqlite3_errmsg(p->db));
  return 1;
}

/*
** The text of column i of pStmt, "" when NULL.
*/
static const char *column_text(sqlite3_stmt *pStmt, int i) {
  const unsigned char *z = sqlite3_column_text(pStmt, i);
  return z ? (const char *)z : "";
}

/*
** Open DIR/zName for writing; print why and return NULL on failure.
*/
static FILE *open_output(Report *p, const char *zName) {
  char *zPath = mprintf("%s/%s", p->zDir, zName);
  FILE *out = fopen(zPath, "w");
  if (out == NULL)
    cescape_error("cannot write '%s': %s", zPath, strerror(errno));
  free(zPath);
  return out;
}

/*
** Close file out of DIR/zName; print why and return 1 if writing failed.
*/
static int close_output(Report *p, FILE *out, const char *zName) {
  int bad = ferror(out);
  if (fclose(out) != 0)
    bad = 1;
  if (bad)
    cescape_error("cannot write '%s/%s': %s", p->zDir, zName, strerror(errno));
  return bad;
}

/*
** Create directory zPath unless it exists; print why and return 1 when it
** cannot be made.
*/
static int make_directory(const char *zPath) {
  struct stat st;
  if (mkdir(zPath, 0777) == 0 ||
      (errno == EEXIST && stat(zPath, &st) == 0 && S_ISDIR(st.st_mode)))
    return 0;
  cescape_error("cannot create directory '%s': %s", zPath,
                errno == EEXIST ? "a file is in the way" : strerror(errno));
  return 1;
}

/*
** What differs between the pages: the template's {{slots}}.
*/
typedef struct Page Page;
struct Page {
  const char *zTitle;   /* {{title}}: text, escaped when written */
  const char *zRoot;    /* {{root}}: the site's root from the page, "../" */
  const char *zScripts; /* {{scripts}}: the page's script tags, HTML */
};

/*
** Write slot zSlot (nSlot bytes, without braces) of page pPage.
*/
static void write_slot(Report *p, FILE *out, const Page *pPage,
                       const char *zSlot, size_t nSlot) {
#define IS_SLOT(NAME)                                                          \
  (nSlot == sizeof(NAME) - 1 && memcmp(zSlot, NAME, nSlot) == 0)
  if (IS_SLOT("title")) {
    html_write(out, pPage->zTitle);
  } else if (IS_SLOT("root")) {
    fputs(pPage->zRoot, out);
  } else if (IS_SLOT("scripts")) {
    fputs(pPage->zScripts, out);
  } else if (IS_SLOT("nav")) {
    fprintf(out,
            "<a href=\"%sindex.html#summary\">Summary</a>"
            "<a href=\"%sindex.html#findings\">Findings</a>",
            pPage->zRoot, pPage->zRoot);
    if (p->bBaseline)
      fprintf(out, "<a href=\"%snew.html\">New since baseline</a>",
              pPage->zRoot);
    if (p->bLayouts)
      fprintf(out, "<a href=\"%slayouts.html\">Layouts</a>", pPage->zRoot);
  }
#undef IS_SLOT
}

/*
** Write the page template from z on, its {{slots}} filled for pPage, up to
** "{{body}}" or its end.  Return where to go on after "{{body}}", or NULL
** at the end.
*/
static const char *write_template(Report *p, FILE *out, const char *z,
                                  const Page *pPage) {
  for (;;) {
    const char *zOpen = strstr(z, "{{");
    const char *zClose = zOpen ? strstr(zOpen, "}}") : NULL;
    if (zClose == NULL) {
      fputs(z, out);
      return NULL;
    }
    fwrite(z, 1, (size_t)(zOpen - z), out);
    z = zClose + 2;
    if (strncmp(zOpen, "{{body}}", 8) == 0)
      return z;
    write_slot(p, out, pPage, zOpen + 2, (size_t)(zClose - zOpen - 2));
  }
}

/*
** Write the start of page pPage, up to its body.  Return the template's
** rest, for page_end().
*/
static const char *page_begin(Report *p, FILE *out, const Page *pPage) {
  return write_template(p, out, p->zTemplate, pPage);
}

/*
** Write the end of a page begun by page_begin(): the template after
** {{body}}.
*/
static void page_end(Report *p, FILE *out, const char *zRest,
                     const Page *pPage) {
  if (zRest)
    write_template(p, out, zRest, pPage);
}

/*
** The page name of zPath: "<n>-<base name with only [A-Za-z0-9._-]>.html",
** in memory from xmalloc().  The number makes it unique, the rest readable.
*/
static char *page_name(int n, const char *zPath) {
  const char *zBase = path_basename(zPath);
  char zSafe[REPORT_PAGE_NAME_MAX + 1];
  int i;
  for (i = 0; zBase[i] && i < REPORT_PAGE_NAME_MAX; i++) {
    char c = zBase[i];
    int bSafe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    zSafe[i] = bSafe ? c : '_';
  }
  zSafe[i] = 0;
  return mprintf("%d-%s.html", n, zSafe);
}

/*
** Fill temp.pages: one source page per file a finding, flow step or
** layout points into (a page links to each), numbered in path order.
*/
static int make_pages(Report *p) {
  sqlite3_stmt *pPaths, *pInsert;
  int rc, n = 0;
  if (exec_sql(p, "CREATE TEMP TABLE pages(seq INTEGER PRIMARY KEY, "
                  "path TEXT UNIQUE NOT NULL, name TEXT NOT NULL)"))
    return 1;
  /* A header's struct is recorded by every unit that flags it: one layout
  ** is drawn, the one each of its records maps to. */
  if (exec_sql(p, "CREATE TEMP TABLE layout_of AS SELECT r1.id AS record_id,"
                  " min(r2.id) AS shown FROM records r1 JOIN records r2"
                  " USING (name, path, line, size, cacheline) GROUP BY r1.id"))
    return 1;
  pPaths = prepare(p, "SELECT path FROM findings UNION SELECT path FROM steps"
                      " WHERE path != '' UNION SELECT path FROM records"
                      " ORDER BY 1");
  pInsert = prepare(p, "INSERT INTO temp.pages(seq, path, name) "
                       "VALUES (?1, ?2, ?3)");
  if (pPaths == NULL || pInsert == NULL) {
    sqlite3_finalize(pPaths);
    sqlite3_finalize(pInsert);
    return 1;
  }
  while ((rc = sqlite3_step(pPaths)) == SQLITE_ROW) {
    const char *zPath = column_text(pPaths, 0);
    char *zName = page_name(n + 1, zPath);
    sqlite3_bind_int(pInsert, 1, n++);
    sqlite3_bind_text(pInsert, 2, zPath, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(pInsert, 3, zName, -1, free);
    if (sqlite3_step(pInsert) != SQLITE_DONE)
      break;
    sqlite3_reset(pInsert);
  }
  sqlite3_finalize(pInsert);
  return finish(p, pPaths, rc);
}

/*
** Write findings.js: every finding as [id, rule, file, line, col, function,
** message, flags], file indexing "files" ([path, page name] pairs).
*/
static int write_findings_script(Report *p) {
  char *zSql = mprintf(
      "SELECT json_array(f.id, f.rule, pg.seq, f.line, f.col, f.function,"
      " f.message, f.suppressed * %d + (%s) * %d)"
      " FROM findings f JOIN temp.pages pg ON pg.path = f.path"
      " ORDER BY f.path, f.line, f.col, f.rule, f.id",
      REPORT_FLAG_SUPPRESSED, p->zIsNew, REPORT_FLAG_NEW);
  sqlite3_stmt *pFiles =
      prepare(p, "SELECT json_array(path, name) FROM temp.pages ORDER BY seq");
  sqlite3_stmt *pRows = prepare(p, zSql);
  FILE *out = open_output(p, "findings.js");
  int rc = SQLITE_ERROR, bad = 1;
  const char *zSep = "";
  free(zSql);
  if (pFiles && pRows && out) {
    fputs("// Generated by cescape report: the findings table.js shows.\n"
          "window.cescapeReport = {\"files\": [",
          out);
    while ((rc = sqlite3_step(pFiles)) == SQLITE_ROW) {
      fputs(zSep, out);
      js_write(out, column_text(pFiles, 0));
      zSep = ",\n";
    }
    fputs("],\n\"findings\": [\n", out);
    zSep = "";
    if (rc == SQLITE_DONE)
      while ((rc = sqlite3_step(pRows)) == SQLITE_ROW) {
        fputs(zSep, out);
        js_write(out, column_text(pRows, 0));
        zSep = ",\n";
      }
    fputs("]};\n", out);
    bad = rc != SQLITE_DONE;
    if (bad)
      cescape_error("cannot read findings: %s", sqlite3_errmsg(p->db));
  }
  sqlite3_finalize(pFiles);
  sqlite3_finalize(pRows);
  if (out && close_output(p, out, "findings.js"))
    bad = 1;
  return bad;
}

/*
** Write the finding table (controls, header, pager) that table.js fills;
** bOnlyNew limits it to the findings new since the baseline.
*/
static int write_finding_table(Report *p, FILE *out, int bOnlyNew) {
  sqlite3_stmt *pRules =
      prepare(p, "SELECT DISTINCT rule FROM findings ORDER BY rule");
  int rc;
  if (pRules == NULL)
    return 1;
  fputs("<form class=\"filters\" id=\"filters\">\n"
        "<label>Rule <select id=\"filter-rule\">"
        "<option value=\"\">all rules</option>",
        out);
  while ((rc = sqlite3_step(pRules)) == SQLITE_ROW) {
    const char *zRule = column_text(pRules, 0);
    fputs("<option value=\"", out);
    html_write(out, zRule);
    fputs("\">", out);
    html_write(out, zRule);
    fputs("</option>", out);
  }
  fprintf(out,
          "</select></label>\n"
          "<label>Path <input type=\"search\" id=\"filter-path\" "
          "placeholder=\"part of a path\"></label>\n"
          "<label>Text <input type=\"search\" id=\"filter-text\" "
          "placeholder=\"function or message\"></label>\n"
          "</form>\n"
          "<p id=\"table-status\" aria-live=\"polite\">Loading the "
          "findings&hellip;</p>\n"
          "<table class=\"findings\" id=\"finding-table\"%s>\n"
          "<colgroup><col class=\"location\"><col class=\"rule\">"
          "<col class=\"function\"><col class=\"message\"></colgroup>\n"
          "<thead><tr><th data-sort=\"location\">Location</th>"
          "<th data-sort=\"rule\">Rule</th>"
          "<th data-sort=\"function\">Function</th>"
          "<th data-sort=\"message\">Message</th></tr></thead>\n"
          "<tbody></tbody>\n</table>\n"
          "<nav class=\"pager\"><button type=\"button\" id=\"page-prev\">"
          "&larr; previous</button><span id=\"page-info\"></span>"
          "<button type=\"button\" id=\"page-next\">next &rarr;</button>"
          "</nav>\n",
          bOnlyNew ? " data-only-new" : "");
  return finish(p, pRules, rc);
}

/*
** Scripts of the pages with a finding table.
*/
static const char zTableScripts[] = "<script src=\"findings.js\"></script>\n"
                                    "<script src=\"table.js\"></script>";

/*
** Write a table of totals, titled zHeading, with id zId: one row per result
** row of zSql (key, findings, suppressed), the key linking to the finding
** table filtered by it (index.html#<zParam>=<key>) and shown as a rule
** badge (bBadge) or as code; a footer sums the counts.
*/
static int write_totals(Report *p, FILE *out, const char *zId,
                        const char *zHeading, const char *zKeyHeading,
                        const char *zSql, const char *zParam, int bBadge) {
  sqlite3_stmt *pStmt = prepare(p, zSql);
  int rc, nTotal = 0, nSuppressed = 0;
  if (pStmt == NULL)
    return 1;
  fprintf(out,
          "<div>\n<h2>%s</h2>\n<table class=\"totals\" id=\"%s\">\n"
          "<thead><tr><th>%s</th><th class=\"num\">Findings</th>"
          "<th class=\"num\">Suppressed</th></tr></thead>\n<tbody>\n",
          zHeading, zId, zKeyHeading);
  while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
    const char *zKey = column_text(pStmt, 0);
    fprintf(out, "<tr><td%s><a href=\"#%s=", bBadge ? "" : " class=\"code\"",
            zParam);
    url_write(out, zKey);
    fputs("\">", out);
    if (bBadge) {
      fputs("<span class=\"rule rule-", out);
      html_write(out, zKey);
      fputs("\">", out);
    }
    html_write(out, zKey[0] || bBadge ? zKey : "./");
    fprintf(out,
            "%s</a></td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
            "</tr>\n",
            bBadge ? "</span>" : "", sqlite3_column_int(pStmt, 1),
            sqlite3_column_int(pStmt, 2));
    nTotal += sqlite3_column_int(pStmt, 1);
    nSuppressed += sqlite3_column_int(pStmt, 2);
  }
  fprintf(out,
          "</tbody>\n<tfoot><tr><td>all</td><td class=\"num\">%d</td>"
          "<td class=\"num\">%d</td></tr></tfoot>\n</table>\n</div>\n",
          nTotal, nSuppressed);
  return finish(p, pStmt, rc);
}

/*
** Write the summary tables of the index: totals per rule and per directory,
** the functions with the most escapes.
*/
static int write_summary(Report *p, FILE *out) {
  /* The directory of a path: what is left when rtrim() strips every
  ** character but '/' from its end. */
  static const char zByDir[] =
      "SELECT rtrim(path, replace(path, '/', '')) AS dir, count(*),"
      " sum(suppressed) FROM findings GROUP BY dir ORDER BY dir";
  static const char zByRule[] =
      "SELECT rule, count(*), sum(suppressed) FROM findings"
      " GROUP BY rule ORDER BY rule";
  /* Escapes: allocations that leave their function, and stack addresses
  ** that leave their frame. */
  static const char zTop[] =
      "SELECT f.function, f.path, count(*) AS n, min(f.line), pg.name"
      " FROM findings f JOIN temp.pages pg ON pg.path = f.path"
      " WHERE f.rule IN ('escape', 'dangling')"
      " GROUP BY f.path, f.function ORDER BY n DESC, f.path, f.function"
      " LIMIT " CESCAPE_STR(REPORT_TOP_FUNCTIONS);
  sqlite3_stmt *pStmt;
  int rc;

  fputs("<div class=\"summary-grid\">\n", out);
  if (write_totals(p, out, "by-rule", "By rule", "Rule", zByRule, "rule", 1) ||
      write_totals(p, out, "by-directory", "By directory", "Directory", zByDir,
                   "path", 0))
    return 1;
  fputs("<div>\n<h2>Functions with the most escapes</h2>\n"
        "<table class=\"totals\" id=\"top-functions\">\n<thead><tr>"
        "<th>Function</th><th>File</th><th class=\"num\">Escapes</th>"
        "</tr></thead>\n<tbody>\n",
        out);
  if ((pStmt = prepare(p, zTop)) == NULL)
    return 1;
  while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
    fputs("<tr><td class=\"code\">", out);
    html_write(out, column_text(pStmt, 0));
    fputs("</td><td class=\"code\"><a href=\"src/", out);
    html_write(out, column_text(pStmt, 4));
    fprintf(out, "#L%d\">", sqlite3_column_int(pStmt, 3));
    html_write(out, column_text(pStmt, 1));
    fprintf(out, "</a></td><td class=\"num\">%d</td></tr>\n",
            sqlite3_column_int(pStmt, 2));
  }
  if (finish(p, pStmt, rc))
    return 1;
  fputs("</tbody>\n</table>\n</div>\n</div>\n", out);
  return 0;
}

/*
** The first integer of the first row of zSql, or -1 after printing why.
*/
static long long count_rows(Report *p, const char *zSql) {
  sqlite3_stmt *pStmt = prepare(p, zSql);
  long long n = -1;
  if (pStmt && sqlite3_step(pStmt) == SQLITE_ROW)
    n = sqlite3_column_int64(pStmt, 0);
  else if (pStmt)
    cescape_error("cannot read the database: %s", sqlite3_errmsg(p->db));
  sqlite3_finalize(pStmt);
  return n;
}

/*
** Write index.html: the summary and the finding table.
*/
static int write_index(Report *p, const char *zDbName) {
  const Page page = {"Summary", "", zTableScripts};
  FILE *out = open_output(p, "index.html");
  const char *zRest;
  long long nFindings, nFiles;
  int bad = 1;
  if (out == NULL)
    return 1;
  zRest = page_begin(p, out, &page);
  nFindings = count_rows(p, "SELECT count(*) FROM findings");
  nFiles = count_rows(p, "SELECT count(DISTINCT path) FROM findings");
  if (nFindings < 0 || nFiles < 0)
    goto done;
  fputs("<section id=\"summary\">\n<h1>cescape report: ", out);
  html_write(out, zDbName);
  fprintf(out,
          "</h1>\n<p class=\"meta\"><span id=\"total-findings\">%lld</span> "
          "findings in <span id=\"total-files\">%lld</span> files.</p>\n",
          nFindings, nFiles);
  if (p->bBaseline) {
    char *zSql = mprintf("SELECT count(*) FROM findings f WHERE %s", p->zIsNew);
    long long nNew = count_rows(p, zSql);
    long long nResolved = count_rows(
        p, "SELECT count(*) FROM base.findings t WHERE t.suppressed = 0"
           " AND NOT EXISTS (SELECT 1 FROM main.findings f"
           " WHERE f.fingerprint = t.fingerprint)");
    free(zSql);
    if (nNew < 0 || nResolved < 0)
      goto done;
    fprintf(out,
            "<p id=\"baseline-summary\">Since the baseline: <a "
            "href=\"new.html\"><span id=\"new-count\">%lld</span> new</a>, "
            "<span id=\"resolved-count\">%lld</span> resolved.</p>\n",
            nNew, nResolved);
  }
  if (p->bLayouts)
    fprintf(out,
            "<p><a href=\"layouts.html\">%lld struct layouts</a> flagged by "
            "the false-sharing rules.</p>\n",
            count_rows(p, "SELECT count(DISTINCT shown) FROM temp.layout_of"));
  if (write_summary(p, out))
    goto done;
  fputs("</section>\n<section id=\"findings\">\n<h2>Findings</h2>\n", out);
  if (write_finding_table(p, out, 0))
    goto done;
  fputs("</section>\n", out);
  page_end(p, out, zRest, &page);
  bad = 0;
done:
  return close_output(p, out, "index.html") || bad;
}

/*
** Write new.html: the finding table of the findings new since the
** baseline.
*/
static int write_new_page(Report *p) {
  const Page page = {"New since baseline", "", zTableScripts};
  FILE *out = open_output(p, "new.html");
  const char *zRest;
  int bad;
  if (out == NULL)
    return 1;
  zRest = page_begin(p, out, &page);
  fputs("<section id=\"findings\">\n<h1>New since the baseline</h1>\n"
        "<p>Findings whose fingerprint the baseline database does not have "
        "(suppressed findings never count).</p>\n",
        out);
  bad = write_finding_table(p, out, 1);
  fputs("</section>\n", out);
  page_end(p, out, zRest, &page);
  return close_output(p, out, "new.html") || bad;
}

/*
** Load the recorded text of zPath into pText (its z stays NULL when the
** database has none; a header included by several units takes the text the
** last one recorded).  Return 1 on a database error.
*/
static int source_load(Report *p, const char *zPath, SourceText *pText) {
  sqlite3_stmt *pStmt = prepare(
      p, "SELECT s.text FROM unit_sources us JOIN sources s ON s.hash ="
         " us.hash WHERE us.path = ?1 ORDER BY us.unit_id DESC LIMIT 1");
  int rc, i, nLine = 0;
  memset(pText, 0, sizeof(*pText));
  if (pStmt == NULL)
    return 1;
  sqlite3_bind_text(pStmt, 1, zPath, -1, SQLITE_STATIC);
  rc = sqlite3_step(pStmt);
  if (rc == SQLITE_ROW) {
    const char *z = column_text(pStmt, 0);
    pText->n = sqlite3_column_bytes(pStmt, 0);
    pText->z = memcpy(xmalloc((size_t)pText->n + 1), z, (size_t)pText->n + 1);
    for (i = 0; i < pText->n; i++)
      nLine += pText->z[i] == '\n';
    if (pText->n && pText->z[pText->n - 1] != '\n')
      nLine++; /* a last line without a newline */
    pText->aStart = xmalloc(sizeof(int) * ((size_t)nLine + 1));
    pText->aStart[0] = 0;
    for (i = 0; i < pText->n; i++)
      if (pText->z[i] == '\n')
        pText->aStart[++pText->nLine] = i + 1;
    if (pText->nLine < nLine)
      pText->aStart[++pText->nLine] = pText->n;
    rc = SQLITE_DONE;
  }
  return finish(p, pStmt, rc);
}

static void source_free(SourceText *pText) {
  free(pText->z);
  free(pText->aStart);
  memset(pText, 0, sizeof(*pText));
}

/*
** Offset in pText of the end of line iLine's text, before its newline.
*/
static int line_end(const SourceText *pText, int iLine) {
  int iEnd = pText->aStart[iLine];
  if (iEnd > pText->aStart[iLine - 1] && pText->z[iEnd - 1] == '\n')
    iEnd--;
  if (iEnd > pText->aStart[iLine - 1] && pText->z[iEnd - 1] == '\r')
    iEnd--;
  return iEnd;
}

/*
** Offset in pText of line iLine, byte column iCol (both 1-based), clamped
** to the text.
*/
static int text_offset(const SourceText *pText, int iLine, int iCol) {
  int iStart;
  if (iLine < 1)
    return 0;
  if (iLine > pText->nLine)
    return pText->n;
  iStart = pText->aStart[iLine - 1] + (iCol > 1 ? iCol - 1 : 0);
  return iStart < pText->aStart[iLine] ? iStart : pText->aStart[iLine];
}

/*
** One edit of a fix-it, located in its file's text.
*/
typedef struct Edit Edit;
struct Edit {
  int iLine, iCol;       /* Where the replaced bytes start (1-based) */
  int iEndLine, iEndCol; /* Where they end, exclusive */
  int iLastLine;         /* The last line the edit changes */
  int iFrom, iTo;        /* Offsets of the replaced bytes in the text */
  char *zText;           /* The replacement */
};

static int compare_edits(const void *pA, const void *pB) {
  const Edit *a = pA, *b = pB;
  return a->iFrom != b->iFrom ? (a->iFrom < b->iFrom ? -1 : 1)
                              : (a->iTo < b->iTo ? -1 : a->iTo > b->iTo);
}

/*
** Write the before/after preview of edits aEdit[0..nEdit-1] (sorted) of
** zPath, whose text is pText: one hunk per run of overlapping lines.
*/
static void write_hunks(FILE *out, const char *zPath, const SourceText *pText,
                        const Edit *aEdit, int nEdit) {
  int i = 0;
  while (i < nEdit) {
    int iFirst = aEdit[i].iLine, iLast = aEdit[i].iLastLine, j, iCursor;
    for (j = i + 1; j < nEdit && aEdit[j].iLine <= iLast; j++)
      if (aEdit[j].iLastLine > iLast)
        iLast = aEdit[j].iLastLine;
    fputs("<div class=\"hunk\"><div class=\"before\"><h4>", out);
    html_write(out, zPath);
    fprintf(out, iFirst == iLast ? ":%d" : ":%d-%d", iFirst, iLast);
    fputs(" before</h4><pre>", out);
    html_write_n(out, pText->z + pText->aStart[iFirst - 1],
                 (size_t)(line_end(pText, iLast) - pText->aStart[iFirst - 1]));
    fputs("</pre></div><div class=\"after\"><h4>after</h4><pre>", out);
    iCursor = pText->aStart[iFirst - 1];
    for (; i < j; i++) {
      if (aEdit[i].iFrom > iCursor)
        html_write_n(out, pText->z + iCursor,
                     (size_t)(aEdit[i].iFrom - iCursor));
      html_write(out, aEdit[i].zText);
      if (aEdit[i].iTo > iCursor)
        iCursor = aEdit[i].iTo;
    }
    if (line_end(pText, iLast) > iCursor)
      html_write_n(out, pText->z + iCursor,
                   (size_t)(line_end(pText, iLast) - iCursor));
    fputs("</pre></div></div>\n", out);
  }
}

/*
** Write the fix-it preview of finding iFinding.  pStmt selects its edits
** (path, line, col, end_line, end_col, replacement) by finding id, sorted
** by path; pPage is the text of the page's file zPagePath.
*/
static int write_fixit(Report *p, FILE *out, sqlite3_stmt *pStmt, int iFinding,
                       const char *zPagePath, const SourceText *pPage) {
  Edit *aEdit = NULL;
  int nEdit = 0, nAlloc = 0, rc, bOpen = 0, i;
  char *zPath = NULL;
  SourceText other = {0};

  sqlite3_bind_int(pStmt, 1, iFinding);
  for (;;) {
    const char *zRowPath;
    rc = sqlite3_step(pStmt);
    zRowPath = rc == SQLITE_ROW ? column_text(pStmt, 0) : NULL;
    /* A file's edits are complete: preview them. */
    if (zPath && (zRowPath == NULL || strcmp(zRowPath, zPath) != 0)) {
      const SourceText *pText = pPage;
      if (strcmp(zPath, zPagePath) != 0) {
        if (source_load(p, zPath, &other)) {
          rc = SQLITE_ERROR;
          break;
        }
        pText = &other;
      }
      if (pText->z) {
        for (i = 0; i < nEdit; i++) {
          Edit *e = &aEdit[i];
          e->iFrom = text_offset(pText, e->iLine, e->iCol);
          e->iTo = text_offset(pText, e->iEndLine, e->iEndCol);
          /* An edit that ends at column 1 leaves that line as it is. */
          e->iLastLine = e->iEndCol <= 1 && e->iEndLine > e->iLine
                             ? e->iEndLine - 1
                             : e->iEndLine;
          if (e->iLine > pText->nLine)
            e->iLine = pText->nLine;
          if (e->iLine < 1)
            e->iLine = 1;
          if (e->iLastLine > pText->nLine)
            e->iLastLine = pText->nLine;
          if (e->iLastLine < e->iLine)
            e->iLastLine = e->iLine;
        }
        qsort(aEdit, (size_t)nEdit, sizeof(Edit), compare_edits);
        if (pText->nLine)
          write_hunks(out, zPath, pText, aEdit, nEdit);
      } else {
        fputs("<p class=\"missing-source\">", out);
        html_write(out, zPath);
        fputs(": source text not recorded</p>\n", out);
      }
      source_free(&other);
      for (i = 0; i < nEdit; i++)
        free(aEdit[i].zText);
      nEdit = 0;
      free(zPath);
      zPath = NULL;
    }
    if (rc != SQLITE_ROW)
      break;
    if (!bOpen) {
      fputs("<div class=\"fixit\"><h4>Fix-it</h4>\n", out);
      bOpen = 1;
    }
    if (zPath == NULL)
      zPath = xstrdup(zRowPath);
    aEdit = grow_array(aEdit, nEdit, &nAlloc, sizeof(Edit));
    aEdit[nEdit].iLine = sqlite3_column_int(pStmt, 1);
    aEdit[nEdit].iCol = sqlite3_column_int(pStmt, 2);
    aEdit[nEdit].iEndLine = sqlite3_column_int(pStmt, 3);
    aEdit[nEdit].iEndCol = sqlite3_column_int(pStmt, 4);
    aEdit[nEdit].zText = xstrdup(column_text(pStmt, 5));
    nEdit++;
  }
  if (bOpen)
    fputs("</div>\n", out);
  for (i = 0; i < nEdit; i++)
    free(aEdit[i].zText);
  free(aEdit);
  free(zPath);
  sqlite3_reset(pStmt);
  if (rc == SQLITE_DONE)
    return 0;
  cescape_error("cannot read fix-its: %s", sqlite3_errmsg(p->db));
  return 1;
}

/*
** Write the flow steps of finding iFinding as links to their lines.  pStmt
** selects (path, line, col, message, page name) by finding id; zPageName
** is the page being written.
*/
static int write_steps(Report *p, FILE *out, sqlite3_stmt *pStmt, int iFinding,
                       const char *zPageName) {
  int rc, bOpen = 0;
  sqlite3_bind_int(pStmt, 1, iFinding);
  while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
    const char *zPath = column_text(pStmt, 0);
    int iLine = sqlite3_column_int(pStmt, 1);
    const char *zName = (const char *)sqlite3_column_text(pStmt, 4);
    if (!bOpen) {
      fputs("<ol class=\"flow\">\n", out);
      bOpen = 1;
    }
    fputs("<li>", out);
    if (zName && zPath[0]) {
      fputs("<a href=\"", out);
      if (strcmp(zName, zPageName) != 0)
        html_write(out, zName);
      fprintf(out, "#L%d\" class=\"loc\">", iLine);
      html_write(out, zPath);
      fprintf(out, ":%d:%d</a> ", iLine, sqlite3_column_int(pStmt, 2));
    }
    html_write(out, column_text(pStmt, 3));
    fputs("</li>\n", out);
  }
  if (bOpen)
    fputs("</ol>\n", out);
  sqlite3_reset(pStmt);
  if (rc == SQLITE_DONE)
    return 0;
  cescape_error("cannot read flow steps: %s", sqlite3_errmsg(p->db));
  return 1;
}

/*
** The statements a source page needs per finding.
*/
typedef struct FindingDetails FindingDetails;
struct FindingDetails {
  sqlite3_stmt *pSteps;  /* Flow steps by finding id */
  sqlite3_stmt *pFixits; /* Fix-it edits by finding id */
};

/*
** Write the annotation row of the finding at the current row of pFinding
** (id, rule, line, col, function, message, suppressed, new, record_id,
** path) on page zPageName of zPagePath.
*/
static int write_annotation(Report *p, FILE *out, sqlite3_stmt *pFinding,
                            const FindingDetails *pDetails,
                            const char *zPageName, const char *zPagePath,
                            const SourceText *pText) {
  int iFinding = sqlite3_column_int(pFinding, 0);
  const char *zRule = column_text(pFinding, 1);
  fprintf(out, "<tr class=\"finding rule-");
  html_write(out, zRule);
  fprintf(out,
          "\" id=\"F%d\"><td class=\"ln\"></td><td class=\"note\">"
          "<div class=\"box\"><div class=\"head\"><span class=\"rule rule-",
          iFinding);
  html_write(out, zRule);
  fputs("\">", out);
  html_write(out, zRule);
  fputs("</span> <span class=\"loc\">", out);
  html_write(out, zPagePath);
  fprintf(out, ":%d:%d</span> in <code class=\"function\">",
          sqlite3_column_int(pFinding, 2), sqlite3_column_int(pFinding, 3));
  html_write(out, column_text(pFinding, 4));
  fputs("</code>", out);
  if (sqlite3_column_int(pFinding, 7))
    fputs(" <span class=\"tag new\">new</span>", out);
  if (sqlite3_column_int(pFinding, 6))
    fputs(" <span class=\"tag suppressed\">suppressed</span>", out);
  if (p->bLayouts && sqlite3_column_type(pFinding, 8) != SQLITE_NULL)
    fprintf(out,
            " <a class=\"layout-link\" href=\"../layouts.html#R%d\">"
            "layout</a>",
            sqlite3_column_int(pFinding, 8));
  fputs("</div>\n<p class=\"message\">", out);
  html_write(out, column_text(pFinding, 5));
  fputs("</p>\n", out);
  if (write_steps(p, out, pDetails->pSteps, iFinding, zPageName) ||
      write_fixit(p, out, pDetails->pFixits, iFinding, zPagePath, pText))
    return 1;
  fputs("</div></td></tr>\n", out);
  return 0;
}

/*
** Write source line iLine of pText as a table row, marked when a finding
** is on it.
*/
static void write_line(FILE *out, const SourceText *pText, int iLine,
                       int bFinding) {
  fprintf(out,
          "<tr id=\"L%d\"%s><td class=\"ln\"><a href=\"#L%d\">%d</a></td>"
          "<td class=\"code\">",
          iLine, bFinding ? " class=\"has-finding\"" : "", iLine, iLine);
  html_write_n(out, pText->z + pText->aStart[iLine - 1],
               (size_t)(line_end(pText, iLine) - pText->aStart[iLine - 1]));
  fputs("</td></tr>\n", out);
}

/*
** Write the source page of zPath, named zName, with the findings pFinding
** is positioned on (sorted by line) while their path is zPath; on return
** pFinding is past them and *pRc holds its last step's result.
*/
static int write_source_page(Report *p, const char *zPath, const char *zName,
                             sqlite3_stmt *pFinding, int *pRc,
                             const FindingDetails *pDetails) {
  const Page page = {zPath, "../", ""};
  char *zFile = mprintf("src/%s", zName);
  FILE *out = open_output(p, zFile);
  SourceText text;
  const char *zRest;
  int iLine = 1, bad = 1;
  if (out == NULL || source_load(p, zPath, &text)) {
    if (out)
      fclose(out);
    free(zFile);
    return 1;
  }
  zRest = page_begin(p, out, &page);
  fputs("<h1>", out);
  html_write(out, zPath);
  fputs("</h1>\n<p><a href=\"../index.html#path=", out);
  url_write(out, zPath);
  fputs("\">This file's findings in the table</a></p>\n", out);
  if (text.z == NULL)
    fputs("<p class=\"missing-source\">The database has no text of this "
          "file; its findings follow.</p>\n",
          out);
  fputs("<table class=\"source\">\n", out);
  while (*pRc == SQLITE_ROW && strcmp(column_text(pFinding, 9), zPath) == 0) {
    int iTarget = sqlite3_column_int(pFinding, 2);
    for (; iLine <= iTarget && iLine <= text.nLine; iLine++)
      write_line(out, &text, iLine, iLine == iTarget);
    if (write_annotation(p, out, pFinding, pDetails, zName, zPath, &text))
      goto done;
    *pRc = sqlite3_step(pFinding);
  }
  for (; iLine <= text.nLine; iLine++)
    write_line(out, &text, iLine, 0);
  fputs("</table>\n", out);
  page_end(p, out, zRest, &page);
  bad = *pRc != SQLITE_ROW && *pRc != SQLITE_DONE;
  if (bad)
    cescape_error("cannot read findings: %s", sqlite3_errmsg(p->db));
done:
  source_free(&text);
  if (close_output(p, out, zFile))
    bad = 1;
  free(zFile);
  return bad;
}

/*
** Write every source page: the pages of temp.pages in path order, walking
** the findings sorted by path alongside.
*/
static int write_source_pages(Report *p) {
  char *zSql =
      mprintf("SELECT f.id, f.rule, f.line, f.col, f.function, f.message,"
              " f.suppressed, %s, (SELECT shown FROM temp.layout_of"
              " WHERE record_id = f.record_id), f.path FROM findings f"
              " ORDER BY f.path, f.line, f.col, f.rule, f.id",
              p->zIsNew);
  sqlite3_stmt *pPages =
      prepare(p, "SELECT path, name FROM temp.pages ORDER BY path");
  sqlite3_stmt *pFinding = prepare(p, zSql);
  FindingDetails details;
  int rc = SQLITE_ERROR, rcFinding, bad = 1;
  details.pSteps =
      prepare(p, "SELECT s.path, s.line, s.col, s.message, pg.name FROM steps s"
                 " LEFT JOIN temp.pages pg ON pg.path = s.path"
                 " WHERE s.finding_id = ?1 ORDER BY s.seq");
  details.pFixits = prepare(
      p, "SELECT path, line, col, end_line, end_col, replacement FROM fixits"
         " WHERE finding_id = ?1 ORDER BY path, seq");
  free(zSql);
  if (pPages && pFinding && details.pSteps && details.pFixits) {
    rcFinding = sqlite3_step(pFinding);
    while ((rc = sqlite3_step(pPages)) == SQLITE_ROW)
      if (write_source_page(p, column_text(pPages, 0), column_text(pPages, 1),
                            pFinding, &rcFinding, &details))
        break;
    bad = rc != SQLITE_DONE;
    if (bad && rc != SQLITE_ROW)
      cescape_error("cannot read the database: %s", sqlite3_errmsg(p->db));
  }
  sqlite3_finalize(pPages);
  sqlite3_finalize(pFinding);
  sqlite3_finalize(details.pSteps);
  sqlite3_finalize(details.pFixits);
  return bad;
}

/*
** One field of a record's layout.
*/
typedef struct Field Field;
struct Field {
  char *zName, *zType, *zContention; /* zContention NULL: not contended */
  int iOffset, nSize;                /* Bytes */
  int iBitOffset, nBitWidth; /* Bit-fields: bit in the record; else -1 */
};

/*
** Draw bytes [iFrom, iTo) of a record as one rect per cache line they
** cross, inside the current <g>.  Each line is a row nLine bytes wide.
*/
static void svg_span(FILE *out, int iFrom, int iTo, int nLine,
                     const char *zFill) {
  while (iFrom < iTo) {
    int iRow = iFrom / nLine;
    int iEnd = iTo < (iRow + 1) * nLine ? iTo : (iRow + 1) * nLine;
    double scale = (double)SVG_LINE_WIDTH / nLine;
    fprintf(out,
            "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"%s%s%s>"
            "</rect>",
            SVG_LABEL_WIDTH + (iFrom - iRow * nLine) * scale,
            iRow * (SVG_ROW_HEIGHT + SVG_ROW_GAP) + SVG_ROW_GAP,
            (iEnd - iFrom) * scale, SVG_ROW_HEIGHT, zFill ? " fill=\"" : "",
            zFill ? zFill : "", zFill ? "\"" : "");
    iFrom = iEnd;
  }
}

/*
** Draw the layout of a record of nSize bytes and cache line nLine bytes
** with fields aField[0..nField-1]: one row per cache line, a box per field
** (red when contended), holes hatched, and each line boundary marked.
*/
static void write_layout_svg(FILE *out, const Field *aField, int nField,
                             int nSize, int nLine) {
  int nRows = nSize > 0 ? (nSize + nLine - 1) / nLine : 1;
  int iRow, i, iCovered = 0;
  int nHeight = nRows * (SVG_ROW_HEIGHT + SVG_ROW_GAP) + SVG_ROW_GAP;
  fprintf(out,
          "<svg class=\"layout-diagram\" xmlns=\"http://www.w3.org/2000/svg\""
          " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n"
          "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" "
          "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
          "<line class=\"hatch-line\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\">"
          "</line></pattern></defs>\n",
          SVG_LABEL_WIDTH + SVG_LINE_WIDTH + 10, nHeight,
          SVG_LABEL_WIDTH + SVG_LINE_WIDTH + 10, nHeight);
  for (iRow = 0; iRow < nRows; iRow++) {
    int y = iRow * (SVG_ROW_HEIGHT + SVG_ROW_GAP) + SVG_ROW_GAP;
    fprintf(out,
            "<rect class=\"cacheline\" x=\"%d\" y=\"%d\" width=\"%d\" "
            "height=\"%d\"></rect><text x=\"4\" y=\"%d\">line %d: %d</text>\n",
            SVG_LABEL_WIDTH, y, SVG_LINE_WIDTH, SVG_ROW_HEIGHT, y + 21, iRow,
            iRow * nLine);
  }
  for (i = 0; i <= nField; i++) {
    /* The hole before field i (before the end, for i == nField). */
    int iNext = i < nField ? aField[i].iOffset : nSize;
    if (iNext > iCovered) {
      fprintf(out,
              "<g class=\"hole\"><title>hole: %d bytes at offset %d"
              "</title>",
              iNext - iCovered, iCovered);
      svg_span(out, iCovered, iNext, nLine, "url(#hatch)");
      fputs("</g>\n", out);
    }
    if (i == nField)
      break;
    {
      const Field *f = &aField[i];
      int nBytes = f->nSize > 0 ? f->nSize : 1;
      double scale = (double)SVG_LINE_WIDTH / nLine;
      int iRowOf = f->iOffset / nLine;
      fprintf(out, "<g class=\"field%s\"><title>",
              f->zContention ? " contended" : "");
      html_write(out, f->zName);
      fputs(": ", out);
      html_write(out, f->zType);
      fprintf(out, ", offset %d, %d bytes", f->iOffset, f->nSize);
      if (f->nBitWidth >= 0)
        fprintf(out, ", bit-field of %d bits at bit %d", f->nBitWidth,
                f->iBitOffset);
      if (f->zContention) {
        fputs(" (contended: ", out);
        html_write(out, f->zContention);
        fputs(")", out);
      }
      fputs("</title>", out);
      svg_span(out, f->iOffset, f->iOffset + nBytes, nLine, NULL);
      /* The name, when it fits in the field's first row. */
      {
        int iRowEnd = (iRowOf + 1) * nLine;
        int nFirst =
            (f->iOffset + nBytes < iRowEnd ? f->iOffset + nBytes : iRowEnd) -
            f->iOffset;
        if (nFirst * scale >= 7.0 * (double)strlen(f->zName) + 6) {
          fprintf(out, "<text x=\"%.1f\" y=\"%d\">",
                  SVG_LABEL_WIDTH + (f->iOffset - iRowOf * nLine) * scale + 3,
                  iRowOf * (SVG_ROW_HEIGHT + SVG_ROW_GAP) + SVG_ROW_GAP + 21);
          html_write(out, f->zName);
          fputs("</text>", out);
        }
      }
      fputs("</g>\n", out);
      if (f->iOffset + nBytes > iCovered)
        iCovered = f->iOffset + nBytes;
    }
  }
  /* The cache-line boundaries inside the record. */
  for (iRow = 1; iRow < nRows; iRow++) {
    int y = iRow * (SVG_ROW_HEIGHT + SVG_ROW_GAP) + SVG_ROW_GAP;
    fprintf(out,
            "<line class=\"boundary\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
            "y2=\"%d\"></line>\n",
            SVG_LABEL_WIDTH, y - SVG_ROW_GAP / 2,
            SVG_LABEL_WIDTH + SVG_LINE_WIDTH, y - SVG_ROW_GAP / 2);
  }
  fputs("</svg>\n", out);
}

/*
** Write one record's section of layouts.html: pRecord is on its row (id,
** name, path, line, size, align, cacheline, page name).
*/
static int write_record(Report *p, FILE *out, sqlite3_stmt *pRecord,
                        sqlite3_stmt *pFields, sqlite3_stmt *pFlagged) {
  int iRecord = sqlite3_column_int(pRecord, 0);
  int nSize = sqlite3_column_int(pRecord, 4);
  int nLine = sqlite3_column_int(pRecord, 6);
  Field *aField = NULL;
  int nField = 0, nAlloc = 0, rc, i;

  fprintf(out, "<section class=\"layout\" id=\"R%d\">\n<h2><code>", iRecord);
  html_write(out, column_text(pRecord, 1));
  fputs("</code></h2>\n<p><a class=\"loc\" href=\"src/", out);
  html_write(out, column_text(pRecord, 7));
  fprintf(out, "#L%d\">", sqlite3_column_int(pRecord, 3));
  html_write(out, column_text(pRecord, 2));
  fprintf(out,
          ":%d</a>: %d bytes, aligned to %d, cache line %d bytes "
          "(offsets from a line-aligned start).</p>\n",
          sqlite3_column_int(pRecord, 3), nSize, sqlite3_column_int(pRecord, 5),
          nLine);

  sqlite3_bind_int(pFields, 1, iRecord);
  while ((rc = sqlite3_step(pFields)) == SQLITE_ROW) {
    aField = grow_array(aField, nField, &nAlloc, sizeof(Field));
    aField[nField].zName = xstrdup(column_text(pFields, 0));
    aField[nField].zType = xstrdup(column_text(pFields, 1));
    aField[nField].iOffset = sqlite3_column_int(pFields, 2);
    aField[nField].nSize = sqlite3_column_int(pFields, 3);
    aField[nField].iBitOffset = sqlite3_column_type(pFields, 5) == SQLITE_NULL
                                    ? -1
                                    : sqlite3_column_int(pFields, 5);
    aField[nField].nBitWidth = sqlite3_column_type(pFields, 6) == SQLITE_NULL
                                   ? -1
                                   : sqlite3_column_int(pFields, 6);
    aField[nField].zContention = sqlite3_column_type(pFields, 4) == SQLITE_NULL
                                     ? NULL
                                     : xstrdup(column_text(pFields, 4));
    nField++;
  }
  sqlite3_reset(pFields);
  if (rc == SQLITE_DONE) {
    /* A nonsense line size would divide by zero: draw one line per record. */
    write_layout_svg(out, aField, nField, nSize,
                     nLine > 0 ? nLine : (nSize > 0 ? nSize : 1));
    fputs("<table class=\"fields\"><thead><tr><th>Field</th><th>Type</th>"
          "<th class=\"num\">Offset</th><th class=\"num\">Size</th>"
          "<th>Bits</th><th>Contended</th></tr></thead>\n<tbody>\n",
          out);
    for (i = 0; i < nField; i++) {
      fputs("<tr><td class=\"code\">", out);
      html_write(out, aField[i].zName);
      fputs("</td><td class=\"code\">", out);
      html_write(out, aField[i].zType);
      fprintf(out,
              "</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td>",
              aField[i].iOffset, aField[i].nSize);
      if (aField[i].nBitWidth >= 0)
        fprintf(out, "%d at bit %d", aField[i].nBitWidth, aField[i].iBitOffset);
      fputs("</td><td>", out);
      html_write(out, aField[i].zContention);
      fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
  }
  for (i = 0; i < nField; i++) {
    free(aField[i].zName);
    free(aField[i].zType);
    free(aField[i].zContention);
  }
  free(aField);
  if (rc != SQLITE_DONE) {
    cescape_error("cannot read fields: %s", sqlite3_errmsg(p->db));
    return 1;
  }

  sqlite3_bind_int(pFlagged, 1, iRecord);
  fputs("<ul class=\"flagged\">\n", out);
  while ((rc = sqlite3_step(pFlagged)) == SQLITE_ROW) {
    fputs("<li><a href=\"src/", out);
    html_write(out, column_text(pFlagged, 3));
    fprintf(out, "#F%d\"><span class=\"rule rule-",
            sqlite3_column_int(pFlagged, 0));
    html_write(out, column_text(pFlagged, 1));
    fputs("\">", out);
    html_write(out, column_text(pFlagged, 1));
    fputs("</span></a> ", out);
    html_write(out, column_text(pFlagged, 2));
    fputs("</li>\n", out);
  }
  fputs("</ul>\n</section>\n", out);
  sqlite3_reset(pFlagged);
  if (rc == SQLITE_DONE)
    return 0;
  cescape_error("cannot read findings: %s", sqlite3_errmsg(p->db));
  return 1;
}

/*
** Write layouts.html: the layout of every record, with the findings that
** flag it.
*/
static int write_layouts(Report *p) {
  sqlite3_stmt *pRecord = prepare(
      p, "SELECT r.id, r.name, r.path, r.line, r.size, r.align, r.cacheline,"
         " pg.name FROM records r JOIN temp.pages pg ON pg.path = r.path"
         " WHERE r.id IN (SELECT shown FROM temp.layout_of)"
         " ORDER BY r.path, r.line, r.name, r.id");
  sqlite3_stmt *pFields =
      prepare(p, "SELECT name, type, offset, size, contention, bit_offset,"
                 " bit_width FROM fields"
                 " WHERE record_id = ?1 ORDER BY offset, seq");
  sqlite3_stmt *pFlagged = prepare(
      p, "SELECT f.id, f.rule, f.message, pg.name FROM findings f"
         " JOIN temp.pages pg ON pg.path = f.path WHERE f.record_id IN"
         " (SELECT record_id FROM temp.layout_of WHERE shown = ?1) AND f.id ="
         " (SELECT min(g.id) FROM findings g WHERE g.fingerprint ="
         " f.fingerprint)" /* one per fingerprint, by its index */
         " ORDER BY f.path, f.line, f.col, f.id");
  FILE *out =
      pRecord && pFields && pFlagged ? open_output(p, "layouts.html") : NULL;
  int rc = SQLITE_ERROR, bad = 1;
  if (out) {
    const Page page = {"Layouts", "", ""};
    const char *zRest = page_begin(p, out, &page);
    fputs("<h1>Struct layouts</h1>\n<p>One row per cache line; red boxes "
          "are contended fields, hatched areas holes.</p>\n",
          out);
    while ((rc = sqlite3_step(pRecord)) == SQLITE_ROW)
      if (write_record(p, out, pRecord, pFields, pFlagged))
        break;
    page_end(p, out, zRest, &page);
    bad = rc != SQLITE_DONE;
    if (bad && rc != SQLITE_ROW)
      cescape_error("cannot read records: %s", sqlite3_errmsg(p->db));
    if (close_output(p, out, "layouts.html"))
      bad = 1;
  }
  sqlite3_finalize(pRecord);
  sqlite3_finalize(pFields);
  sqlite3_finalize(pFlagged);
  return bad;
}

/*
** Copy the embedded assets the pages load into the output directory.
*/
static int write_assets(Report *p) {
  static const char *const azCopied[] = {"report.css", "table.js"};
  size_t i;
  for (i = 0; i < sizeof(azCopied) / sizeof(azCopied[0]); i++) {
    const ReportAsset *pAsset = report_asset(azCopied[i]);
    FILE *out = open_output(p, azCopied[i]);
    if (out == NULL)
      return 1;
    fwrite(pAsset->zData, 1, pAsset->nData, out);
    if (close_output(p, out, azCopied[i]))
      return 1;
  }
  return 0;
}

int cmd_report(CescapeState *pState, int nArg, char **azArg) {
  const char *zDb = "cescape.db";
  const char *zBaseline = NULL;
  Report r;
  int bad = 1;
  (void)pState;

  memset(&r, 0, sizeof(r));
  r.zDir = "cescape-report";
  const ValueOption aOpt[] = {{0, "db", &zDb},
                              {0, "baseline", &zBaseline},
                              {'o', "output", &r.zDir},
                              {0, NULL, NULL}};
  if (parse_value_options("report", nArg, azArg, aOpt))
    return CESCAPE_EXIT_USAGE;
  r.zTemplate = report_asset("page.html")->zData;
  r.db = open_database(zDb);
  if (r.db == NULL)
    return CESCAPE_EXIT_USAGE;
  if (zBaseline) {
    if (attach_baseline(r.db, zBaseline))
      goto done;
    r.bBaseline = 1;
    r.zIsNew = "f.suppressed = 0 AND NOT EXISTS (SELECT 1 FROM base.findings"
               " t WHERE t.fingerprint = f.fingerprint)";
  } else {
    r.zIsNew = "0";
  }
  /* One read transaction: every page sees the same database, even while
  ** a build writes it. */
  if (exec_sql(&r, "BEGIN") ||
      (r.bLayouts = (int)count_rows(&r, "SELECT count(*) > 0 FROM records")) <
          0)
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
