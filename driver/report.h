/*
** report.h - declarations shared by the files of "cescape report": the
** run's state, the page template and the HTML helpers (report_html.c), the
** index and table pages (report_index.c), the annotated source pages
** (report_source.c) and the layout diagrams (report_layout.c).
*/
#ifndef CESCAPE_REPORT_H
#define CESCAPE_REPORT_H

#include "cescape.h"

#include <sqlite3.h>
#include <stdio.h>

/*
** Bits of a finding's flags in findings.js; table.js knows them too.
*/
#define REPORT_FLAG_SUPPRESSED 1
#define REPORT_FLAG_NEW 2

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
  int bProfile;          /* cescape profile --db recorded costs */
};

/*
** What differs between the pages: the template's {{slots}}.
*/
typedef struct Page Page;
struct Page {
  const char *zTitle;   /* {{title}}: text, escaped when written */
  const char *zRoot;    /* {{root}}: the site's root from the page, "../" */
  const char *zScripts; /* {{scripts}}: the page's script tags, HTML */
};

/* report_html.c */
const ReportAsset *report_asset(const char *zName);
void *grow_array(void *a, int n, int *pnAlloc, size_t nSize);
void html_write_n(FILE *out, const char *z, size_t n);
void html_write(FILE *out, const char *z);
void url_write(FILE *out, const char *z);
void js_write(FILE *out, const char *z);
int report_exec(Report *p, const char *zSql);
sqlite3_stmt *report_prepare(Report *p, const char *zSql);
int report_finish(Report *p, sqlite3_stmt *pStmt, int rc);
const char *column_text(sqlite3_stmt *pStmt, int i);
FILE *report_open(Report *p, const char *zName);
int report_close(Report *p, FILE *out, const char *zName);
void report_discard(Report *p, FILE *out, const char *zName);
int make_directory(const char *zPath);
const char *page_begin(Report *p, FILE *out, const Page *pPage);
void page_end(Report *p, FILE *out, const char *zRest, const Page *pPage);

/* report_index.c */
long long count_rows(Report *p, const char *zSql);
int make_pages(Report *p);
int write_findings_script(Report *p);
int write_index(Report *p, const char *zDbName);
int write_new_page(Report *p);

/* report_source.c */
int write_source_pages(Report *p);

/* report_layout.c */
int write_layouts(Report *p);

#endif /* CESCAPE_REPORT_H */
