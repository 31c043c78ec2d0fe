/*
** report_html.c - the HTML side of "cescape report": escaping for HTML,
** URLs and scripts, the page template, and the output files.
*/
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
** The asset called zName, embedded from reports/, or NULL.
*/
const ReportAsset *report_asset(const char *zName) {
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
void *grow_array(void *a, int n, int *pnAlloc, size_t nSize) {
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
void html_write_n(FILE *out, const char *z, size_t n) {
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
void html_write(FILE *out, const char *z) {
  if (z)
    html_write_n(out, z, strlen(z));
}

/*
** Write z percent-encoded for a URL (path or fragment): the result has no
** character HTML treats specially.
*/
void url_write(FILE *out, const char *z) {
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
void js_write(FILE *out, const char *z) {
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
int report_exec(Report *p, const char *zSql) {
  if (sqlite3_exec(p->db, zSql, NULL, NULL, NULL) == SQLITE_OK)
    return 0;
  cescape_error("cannot read the database: %s", sqlite3_errmsg(p->db));
  return 1;
}

/*
** Prepare zSql, printing why on failure; NULL then.
*/
sqlite3_stmt *report_prepare(Report *p, const char *zSql) {
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
int report_finish(Report *p, sqlite3_stmt *pStmt, int rc) {
  sqlite3_finalize(pStmt);
  if (rc == SQLITE_DONE)
    return 0;
  cescape_error("cannot read the database: %s", sqlite3_errmsg(p->db));
  return 1;
}

/*
** The text of column i of pStmt, "" when NULL.
*/
const char *column_text(sqlite3_stmt *pStmt, int i) {
  const unsigned char *z = sqlite3_column_text(pStmt, i);
  return z ? (const char *)z : "";
}

/*
** The temporary file DIR/zName is written to before it replaces DIR/zName:
** beside it (so rename() stays in one file system), hidden, and this
** process's own.
*/
static char *temporary_path(Report *p, const char *zName) {
  const char *zBase = strrchr(zName, '/');
  size_t nDir = zBase ? (size_t)(zBase - zName + 1) : 0;
  return mprintf("%s/%.*s.%s.%ld.tmp", p->zDir, (int)nDir, zName,
                 zBase ? zBase + 1 : zName, (long)getpid());
}

/*
** Open DIR/zName for writing; print why and return NULL on failure.  The
** text goes to a temporary file that report_close() renames over DIR/zName,
** so a link planted at DIR/zName is replaced, never followed; a link there
** is refused all the same, as the user may not expect it to go.
*/
FILE *report_open(Report *p, const char *zName) {
  char *zPath = mprintf("%s/%s", p->zDir, zName);
  char *zTemp = temporary_path(p, zName);
  struct stat st;
  FILE *out = NULL;
  int fd;
  if (lstat(zPath, &st) == 0 && S_ISLNK(st.st_mode)) {
    cescape_error("'%s' is a symbolic link: the report does not write "
                  "through links; remove it",
                  zPath);
  } else {
    /* unlink() removes a stale temporary file (never what a link there
    ** points to); O_EXCL never opens through a link. */
    unlink(zTemp);
    fd =
        open(zTemp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 || (out = fdopen(fd, "w")) == NULL) {
      cescape_error("cannot write '%s': %s", zTemp, strerror(errno));
      if (fd >= 0)
        close(fd);
    }
  }
  free(zPath);
  free(zTemp);
  return out;
}

/*
** Close file out of DIR/zName and put it in place; print why and return 1
** if writing failed (DIR/zName is then left as it was).
*/
int report_close(Report *p, FILE *out, const char *zName) {
  char *zPath = mprintf("%s/%s", p->zDir, zName);
  char *zTemp = temporary_path(p, zName);
  int bad = ferror(out);
  if (fclose(out) != 0)
    bad = 1;
  if (bad)
    cescape_error("cannot write '%s': %s", zTemp, strerror(errno));
  else if (rename(zTemp, zPath) != 0) {
    cescape_error("cannot write '%s': %s", zPath, strerror(errno));
    bad = 1;
  }
  if (bad)
    unlink(zTemp);
  free(zPath);
  free(zTemp);
  return bad;
}

/*
** Close file out of DIR/zName after an error: DIR/zName stays as it was.
*/
void report_discard(Report *p, FILE *out, const char *zName) {
  char *zTemp = temporary_path(p, zName);
  fclose(out);
  unlink(zTemp);
  free(zTemp);
}

/*
** Create directory zPath unless it exists; print why and return 1 when it
** cannot be made, is a symbolic link (the report never writes through
** one) or another user's (who could swap it, or a directory in it, for a
** link between the check and the write: a report in a shared /tmp).
*/
int make_directory(const char *zPath) {
  struct stat st;
  if (mkdir(zPath, 0777) == 0)
    return 0;
  if (errno == EEXIST && lstat(zPath, &st) == 0) {
    if (S_ISDIR(st.st_mode) && st.st_uid == geteuid())
      return 0;
    if (S_ISDIR(st.st_mode)) {
      cescape_error("cannot write the report into '%s': another user owns "
                    "it; choose a directory of your own",
                    zPath);
      return 1;
    }
    cescape_error("cannot create directory '%s': %s", zPath,
                  S_ISLNK(st.st_mode) ? "it is a symbolic link, which the "
                                        "report does not follow"
                                      : "a file is in the way");
    return 1;
  }
  cescape_error("cannot create directory '%s': %s", zPath, strerror(errno));
  return 1;
}

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
const char *page_begin(Report *p, FILE *out, const Page *pPage) {
  return write_template(p, out, p->zTemplate, pPage);
}

/*
** Write the end of a page begun by page_begin(): the template after
** {{body}}.
*/
void page_end(Report *p, FILE *out, const char *zRest, const Page *pPage) {
  if (zRest)
    write_template(p, out, zRest, pPage);
}
