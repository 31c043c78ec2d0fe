/*
** report_source.c - the annotated source pages of "cescape report": each
** file's recorded text with its findings, flow steps and fix-it previews.
*/
#include "report.h"

#include <stdlib.h>
#include <string.h>

/*
** Load the recorded text of zPath into pText (its z stays NULL when the
** database has none; a header included by several units takes the text the
** last one recorded).  Return 1 on a database error.
*/
static int source_load(Report *p, const char *zPath, SourceText *pText) {
  sqlite3_stmt *pStmt = report_prepare(
      p, "SELECT s.text FROM unit_sources us JOIN sources s ON s.hash ="
         " us.hash WHERE us.path = ?1 ORDER BY us.unit_id DESC LIMIT 1");
  int rc;
  memset(pText, 0, sizeof(*pText));
  if (pStmt == NULL)
    return 1;
  sqlite3_bind_text(pStmt, 1, zPath, -1, SQLITE_STATIC);
  rc = sqlite3_step(pStmt);
  if (rc == SQLITE_ROW) {
    source_split(pText, column_text(pStmt, 0), sqlite3_column_bytes(pStmt, 0));
    rc = SQLITE_DONE;
  }
  return report_finish(p, pStmt, rc);
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
  FILE *out;
  SourceText text;
  const char *zRest;
  int iLine = 1, bad = 1;
  if (source_load(p, zPath, &text)) {
    free(zFile);
    return 1;
  }
  if ((out = report_open(p, zFile)) == NULL) {
    source_free(&text);
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
  if (bad)
    report_discard(p, out, zFile);
  else
    bad = report_close(p, out, zFile);
  free(zFile);
  return bad;
}

/*
** Write every source page: the pages of temp.pages in path order, walking
** the findings sorted by path alongside.
*/
int write_source_pages(Report *p) {
  char *zSql =
      mprintf("SELECT f.id, f.rule, f.line, f.col, f.function, f.message,"
              " f.suppressed, %s, (SELECT shown FROM temp.layout_of"
              " WHERE record_id = f.record_id), f.path"
              " FROM temp.distinct_findings f"
              " ORDER BY f.path, f.line, f.col, f.rule, f.id",
              p->zIsNew);
  sqlite3_stmt *pPages =
      report_prepare(p, "SELECT path, name FROM temp.pages ORDER BY path");
  sqlite3_stmt *pFinding = report_prepare(p, zSql);
  FindingDetails details;
  int rc = SQLITE_ERROR, rcFinding, bad = 1;
  details.pSteps = report_prepare(
      p, "SELECT s.path, s.line, s.col, s.message, pg.name FROM steps s"
         " LEFT JOIN temp.pages pg ON pg.path = s.path"
         " WHERE s.finding_id = ?1 ORDER BY s.seq");
  details.pFixits = report_prepare(
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
