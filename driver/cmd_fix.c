/*
** cmd_fix.c - "cescape fix": apply the fix-its a database recorded to the
** sources, outside the build (no -Xclang -fixit in the user's compiles).
**
**   cescape fix [--db FILE] [--rule RULES] [--root DIR] [--dry-run]
**               [FILE|ID]...
**
** Every file is checked first: its bytes must be the text the analysis
** saw (the sources table).  Only then is any file written, each one
** atomically (a temporary file in its directory, renamed over it).
*/
#include "cescape.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* clang-format off */
const char cmd_fix_usage[] =
  "usage: cescape fix [--db FILE] [--rule RULES] [--root DIR] [--dry-run]\n"
  "                   [FILE|ID]...\n"
  "\n"
  "Apply the fix-its recorded in a database to the sources: those of every\n"
  "finding, of the findings in the FILEs (project-relative paths, as list\n"
  "prints them), or of the findings whose IDs are given (report pages show\n"
  "them as #F<ID>). Suppressed findings are left alone. Each file must be\n"
  "unchanged since the analysis (its text is in the database), a C source\n"
  "or header (.c, .h) below the project root and no link; if one is not,\n"
  "nothing is written. Files are replaced atomically. A fix-it whose\n"
  "allocation escapes where the same text is compiled again (by another\n"
  "unit, or #included twice with other macros) is held back with a\n"
  "warning.\n"
  "\n"
  "Options:\n"
  "  --db FILE      The database (default: cescape.db)\n"
  "  --rule RULES   Only these rules' fix-its, comma-separated (their\n"
  "                 names as list prints them)\n"
  "  --root DIR     The project root the paths are relative to (default:\n"
  "                 the nearest directory above this one with a .git,\n"
  "                 else the root the analysis recorded if it is a\n"
  "                 directory here, else this one)\n"
  "  -n, --dry-run  Print the changes as a unified diff; write nothing\n";
/* clang-format on */

/*
** Whether directory zDir is zAncestor or below it (both real paths).
*/
static int is_below(const char *zDir, const char *zAncestor) {
  size_t n = strlen(zAncestor);
  return strncmp(zDir, zAncestor, n) == 0 &&
         (zDir[n] == 0 || zDir[n] == '/' || strcmp(zAncestor, "/") == 0);
}

/*
** The project root: the checkout this command runs in (project_root()), or
** without git the root the analysis recorded (meta 'root') when this
** directory is in it, so that a tarball is fixed from any of its
** directories (and a database from elsewhere names no root of its own
** choosing). In memory from xmalloc().
*/
static char *fix_root(sqlite3 *db) {
  char *zRoot = project_root();
  char *zGit = mprintf("%s/.git", zRoot);
  sqlite3_stmt *pStmt = NULL;
  const char *zRecorded;
  char *zReal = NULL, *zCwd = realpath(".", NULL);
  struct stat st;
  if (stat(zGit, &st) != 0 && zCwd &&
      sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'root'", -1,
                         &pStmt, NULL) == SQLITE_OK &&
      sqlite3_step(pStmt) == SQLITE_ROW &&
      (zRecorded = (const char *)sqlite3_column_text(pStmt, 0)) != NULL &&
      (zReal = realpath(zRecorded, NULL)) != NULL && is_below(zCwd, zReal)) {
    free(zRoot);
    zRoot = xstrdup(zReal);
  }
  free(zReal);
  free(zCwd);
  sqlite3_finalize(pStmt);
  free(zGit);
  return zRoot;
}

/*
** One file to rewrite: its edits and texts.
*/
typedef struct FixFile FixFile;
struct FixFile {
  char *zPath;     /* As the database has it */
  char *zDisk;     /* Where it is on disk */
  char *zHash;     /* The hash of the text the analysis saw */
  SourceText text; /* That text */
  Edit *aEdit;     /* Its edits, sorted */
  int nEdit, nAlloc;
  char *zNew; /* The text with the edits applied */
  size_t nNew;
};

/*
** Take out of temp.chosen, with a warning each, the findings whose
** allocation escapes where its text is compiled again (a header included
** twice with other macros, or by another unit): a fix-it edits the text,
** and the stack would be wrong there.  Return 1 on a database error.
*/
static int hold_back_escaping(sqlite3 *db) {
  static const char zEscaping[] =
      " FROM temp.chosen c JOIN findings f ON f.id = c.id"
      " WHERE EXISTS (SELECT 1 FROM findings e WHERE e.rule = 'escape'"
      "  AND e.path = f.path AND e.line = f.line AND e.col = f.col)";
  sqlite3_stmt *pStmt = NULL;
  char *zSql =
      mprintf("SELECT f.path, f.line, f.col%s ORDER BY 1, 2, 3", zEscaping);
  int rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL);
  free(zSql);
  while (rc == SQLITE_OK && sqlite3_step(pStmt) == SQLITE_ROW)
    cescape_warning("%s:%d:%d: fix-it not applied: this allocation escapes "
                    "where the same text is compiled again (another unit, "
                    "or an #include with other macros)",
                    (const char *)sqlite3_column_text(pStmt, 0),
                    sqlite3_column_int(pStmt, 1), sqlite3_column_int(pStmt, 2));
  sqlite3_finalize(pStmt);
  zSql =
      mprintf("DELETE FROM temp.chosen WHERE id IN (SELECT c.id%s)", zEscaping);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, zSql, NULL, NULL, NULL);
  free(zSql);
  if (rc != SQLITE_OK)
    cescape_error("cannot read the fix-its: %s", sqlite3_errmsg(db));
  return rc != SQLITE_OK;
}

/*
** Fill temp.chosen with the findings whose fix-its apply: not suppressed,
** of the --rule rules, selected by the arguments, one per fingerprint.
*/
static int choose_findings(sqlite3 *db, const char *zRules,
                           const StringList *pSel) {
  sqlite3_stmt *pIns = NULL;
  int i, bad;
  bad = sqlite3_exec(db,
                     "CREATE TEMP TABLE sel_id(id INTEGER);"
                     "CREATE TEMP TABLE sel_path(path TEXT);",
                     NULL, NULL, NULL) != SQLITE_OK;
  for (i = 0; !bad && i < pSel->n; i++) {
    const char *z = pSel->az[i];
    int bId = z[0] != 0 && strspn(z, "0123456789") == strlen(z);
    bad = sqlite3_prepare_v2(db,
                             bId ? "INSERT INTO temp.sel_id VALUES (?1)"
                                 : "INSERT INTO temp.sel_path VALUES (?1)",
                             -1, &pIns, NULL) != SQLITE_OK;
    if (!bad) {
      sqlite3_bind_text(pIns, 1, z[0] == '.' && z[1] == '/' ? z + 2 : z, -1,
                        SQLITE_STATIC);
      bad = sqlite3_step(pIns) != SQLITE_DONE;
    }
    sqlite3_finalize(pIns);
    pIns = NULL;
  }
  if (!bad) {
    bad = sqlite3_prepare_v2(
              db,
              "CREATE TEMP TABLE chosen AS SELECT f.id, f.unit_id"
              " FROM findings f WHERE f.suppressed = 0"
              " AND EXISTS (SELECT 1 FROM fixits x WHERE x.finding_id = f.id)"
              " AND (?1 = '' OR instr(',' || ?1 || ',', ',' || f.rule || ','))"
              " AND (?2 = 0 OR f.id IN (SELECT id FROM temp.sel_id)"
              "      OR f.path IN (SELECT path FROM temp.sel_path))"
              " AND f.id = (SELECT min(g.id) FROM findings g"
              "   WHERE g.fingerprint = f.fingerprint AND g.suppressed = 0)",
              -1, &pIns, NULL) != SQLITE_OK;
    if (!bad) {
      sqlite3_bind_text(pIns, 1, zRules, -1, SQLITE_STATIC);
      sqlite3_bind_int(pIns, 2, pSel->n);
      bad = sqlite3_step(pIns) != SQLITE_DONE;
    }
    sqlite3_finalize(pIns);
  }
  if (bad) {
    cescape_error("cannot read the fix-its: %s", sqlite3_errmsg(db));
    return bad;
  }
  /* An argument that selects nothing is a typo, not "nothing to do". */
  pIns = NULL;
  if (sqlite3_prepare_v2(
          db,
          "SELECT id FROM temp.sel_id WHERE id NOT IN (SELECT id FROM"
          " temp.chosen) UNION ALL SELECT path FROM temp.sel_path WHERE path"
          " NOT IN (SELECT f.path FROM findings f JOIN temp.chosen c"
          " ON c.id = f.id) LIMIT 1",
          -1, &pIns, NULL) == SQLITE_OK &&
      sqlite3_step(pIns) == SQLITE_ROW) {
    cescape_error("'%s' is no finding with a fix-it%s (see cescape list)",
                  (const char *)sqlite3_column_text(pIns, 0),
                  zRules[0] ? " of the --rule rules" : "");
    bad = 1;
  }
  sqlite3_finalize(pIns);
  if (!bad)
    bad = hold_back_escaping(db);
  return bad;
}

/*
** The file of aFile[0..*pnFile-1] called zPath, added if new.
*/
static FixFile *fix_file(FixFile **paFile, int *pnFile, const char *zPath) {
  int i;
  for (i = 0; i < *pnFile; i++)
    if (strcmp((*paFile)[i].zPath, zPath) == 0)
      return &(*paFile)[i];
  *paFile = realloc(*paFile, sizeof(FixFile) * (size_t)(*pnFile + 1));
  if (*paFile == NULL) {
    cescape_error("out of memory");
    exit(CESCAPE_EXIT_USAGE);
  }
  memset(&(*paFile)[*pnFile], 0, sizeof(FixFile));
  (*paFile)[*pnFile].zPath = xstrdup(zPath);
  return &(*paFile)[(*pnFile)++];
}

/*
** Read the edits of the chosen findings into *paFile, each file with the
** text its finding's unit saw.  Return the number of files, or -1.
*/
static int read_edits(sqlite3 *db, FixFile **paFile) {
  sqlite3_stmt *pStmt = NULL;
  int nFile = 0, rc;
  rc = sqlite3_prepare_v2(
      db,
      "SELECT x.path, x.line, x.col, x.end_line, x.end_col, x.replacement,"
      " us.hash, s.text, x.finding_id FROM temp.chosen c"
      " JOIN fixits x ON x.finding_id = c.id"
      " LEFT JOIN unit_sources us ON us.unit_id = c.unit_id"
      "   AND us.path = x.path"
      " LEFT JOIN sources s ON s.hash = us.hash"
      " ORDER BY x.path, c.id, x.seq",
      -1, &pStmt, NULL);
  if (rc == SQLITE_OK)
    rc = SQLITE_ROW;
  while (rc == SQLITE_ROW && (rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
    const char *zPath = (const char *)sqlite3_column_text(pStmt, 0);
    const char *zHash = (const char *)sqlite3_column_text(pStmt, 6);
    FixFile *pFile;
    Edit *e;
    if (zPath == NULL || zHash == NULL) {
      cescape_error("finding %d has a fix-it in '%s', whose text the "
                    "database does not have",
                    sqlite3_column_int(pStmt, 8), zPath ? zPath : "?");
      nFile = -1;
      break;
    }
    pFile = fix_file(paFile, &nFile, zPath);
    if (pFile->zHash == NULL) {
      pFile->zHash = xstrdup(zHash);
      source_split(&pFile->text, (const char *)sqlite3_column_text(pStmt, 7),
                   sqlite3_column_bytes(pStmt, 7));
    } else if (strcmp(pFile->zHash, zHash) != 0) {
      cescape_error("units saw two different texts of '%s' (it changed "
                    "during the build): analyse again before fixing",
                    zPath);
      nFile = -1;
      break;
    }
    if (pFile->nEdit == pFile->nAlloc) {
      pFile->nAlloc = pFile->nAlloc ? 2 * pFile->nAlloc : 8;
      pFile->aEdit =
          realloc(pFile->aEdit, sizeof(Edit) * (size_t)pFile->nAlloc);
      if (pFile->aEdit == NULL) {
        cescape_error("out of memory");
        exit(CESCAPE_EXIT_USAGE);
      }
    }
    e = &pFile->aEdit[pFile->nEdit++];
    memset(e, 0, sizeof(*e));
    e->iLine = sqlite3_column_int(pStmt, 1);
    e->iCol = sqlite3_column_int(pStmt, 2);
    e->iEndLine = sqlite3_column_int(pStmt, 3);
    e->iEndCol = sqlite3_column_int(pStmt, 4);
    e->iFrom = text_offset(&pFile->text, e->iLine, e->iCol);
    e->iTo = text_offset(&pFile->text, e->iEndLine, e->iEndCol);
    e->zText = xstrdup((const char *)sqlite3_column_text(pStmt, 5));
  }
  if (nFile >= 0 && rc != SQLITE_DONE) {
    cescape_error("cannot read the fix-its: %s", sqlite3_errmsg(db));
    nFile = -1;
  }
  sqlite3_finalize(pStmt);
  return nFile;
}

/*
** Apply pFile's edits to its recorded text into zNew.  The same edit from
** two findings is made once; edits that overlap otherwise are an error.
*/
static int apply_edits(FixFile *pFile) {
  size_t nAlloc = (size_t)pFile->text.n + 1;
  int i, iCursor = 0;
  for (i = 0; i < pFile->nEdit; i++)
    nAlloc += strlen(pFile->aEdit[i].zText);
  pFile->zNew = xmalloc(nAlloc);
  pFile->nNew = 0;
  qsort(pFile->aEdit, (size_t)pFile->nEdit, sizeof(Edit), compare_edits);
  for (i = 0; i < pFile->nEdit; i++) {
    const Edit *e = &pFile->aEdit[i];
    if (i > 0 && e->iFrom == e[-1].iFrom && e->iTo == e[-1].iTo &&
        strcmp(e->zText, e[-1].zText) == 0)
      continue;
    if (e->iFrom < iCursor) {
      cescape_error("two fix-its change %s:%d:%d: fix one finding at a time "
                    "(cescape fix ID)",
                    pFile->zPath, e->iLine, e->iCol);
      return 1;
    }
    memcpy(pFile->zNew + pFile->nNew, pFile->text.z + iCursor,
           (size_t)(e->iFrom - iCursor));
    pFile->nNew += (size_t)(e->iFrom - iCursor);
    memcpy(pFile->zNew + pFile->nNew, e->zText, strlen(e->zText));
    pFile->nNew += strlen(e->zText);
    iCursor = e->iTo;
  }
  memcpy(pFile->zNew + pFile->nNew, pFile->text.z + iCursor,
         (size_t)(pFile->text.n - iCursor));
  pFile->nNew += (size_t)(pFile->text.n - iCursor);
  return 0;
}

/*
** Set pFile->zDisk to where pFile is under root zRoot; say why and return 1
** when cescape fix does not write there. A database is data: its paths
** could name any file whose text is known (~/.bashrc, .git/config, the
** project's Makefile), so only C sources and headers are edited, below the
** root (no link leads out) and not through a link.
*/
static int locate_file(FixFile *pFile, const char *zRoot) {
  const char *zPath = pFile->zPath, *zExt = strrchr(zPath, '.'), *zWhy = NULL;
  char *zRealRoot = realpath(zRoot, NULL), *zRealDir, *zSlash;
  struct stat st;
  pFile->zDisk =
      zPath[0] == '/' ? xstrdup(zPath) : mprintf("%s/%s", zRoot, zPath);
  zSlash = strrchr(pFile->zDisk, '/');
  *zSlash = 0;
  zRealDir = realpath(zSlash == pFile->zDisk ? "/" : pFile->zDisk, NULL);
  *zSlash = '/';
  if (zExt == NULL || strchr(zExt, '/') ||
      (strcmp(zExt, ".c") != 0 && strcmp(zExt, ".h") != 0))
    zWhy = "it is no C source or header (.c, .h)";
  else if (zRealDir == NULL || zRealRoot == NULL ||
           !is_below(zRealDir, zRealRoot))
    zWhy = "it is not below the project root (see --root)";
  else if (lstat(pFile->zDisk, &st) != 0)
    zWhy = "there is no such file below the project root (see --root)";
  else if (!S_ISREG(st.st_mode))
    zWhy = "it is no regular file here (links are not written through)";
  if (zWhy)
    cescape_error("the database has fix-its for '%s', which cescape fix does "
                  "not edit: %s",
                  zPath, zWhy);
  if (zWhy && zRealRoot && lstat(pFile->zDisk, &st) != 0)
    cescape_error("the project root is %s", zRealRoot);
  free(zRealRoot);
  free(zRealDir);
  return zWhy != NULL;
}

/*
** Whether the file on disk holds exactly the text the analysis saw; say
** why not.
*/
static int unchanged_on_disk(const FixFile *pFile) {
  FILE *in = fopen(pFile->zDisk, "rb");
  char *z;
  size_t n;
  int bSame;
  if (in == NULL) {
    cescape_error("cannot read '%s': %s", pFile->zDisk, strerror(errno));
    return 0;
  }
  z = xmalloc((size_t)pFile->text.n + 1);
  n = fread(z, 1, (size_t)pFile->text.n + 1, in);
  fclose(in);
  bSame = n == (size_t)pFile->text.n && memcmp(z, pFile->text.z, n) == 0;
  free(z);
  if (!bSame)
    cescape_error("'%s' changed since the analysis: analyse it again "
                  "before fixing (nothing was written)",
                  pFile->zDisk);
  return bSame;
}

/*
** Write n bytes of z to a new file zPath with mode.  Return 0, or 1 after
** saying why (and removing what was written).
*/
static int write_new_file(const char *zPath, const char *z, size_t n,
                          mode_t mode) {
  FILE *out = fopen(zPath, "wbx");
  int bad;
  if (out == NULL) {
    cescape_error("cannot create '%s': %s", zPath, strerror(errno));
    return 1;
  }
  bad = fwrite(z, 1, n, out) != n || fflush(out) != 0 ||
        fchmod(fileno(out), mode & 07777) != 0 || fsync(fileno(out)) != 0;
  if (fclose(out) != 0)
    bad = 1;
  if (bad) {
    cescape_error("cannot write '%s': %s", zPath, strerror(errno));
    unlink(zPath);
  }
  return bad;
}

/*
** Replace pFile on disk with its new text: a temporary file beside it,
** renamed over it.
*/
static int replace_file(const FixFile *pFile) {
  struct stat st;
  char *zTmp = mprintf("%s.cescape-fix-%ld", pFile->zDisk, (long)getpid());
  int bad = stat(pFile->zDisk, &st) != 0 ||
            write_new_file(zTmp, pFile->zNew, pFile->nNew, st.st_mode);
  if (!bad && rename(zTmp, pFile->zDisk) != 0) {
    cescape_error("cannot replace '%s': %s", pFile->zDisk, strerror(errno));
    unlink(zTmp);
    bad = 1;
  }
  free(zTmp);
  return bad;
}

/*
** "diff -u" prints the changes of one file.
*/
static void print_diff(void *pArg, int iJob, int bOk, const char *zOutput) {
  (void)pArg;
  (void)iJob;
  (void)bOk; /* diff exits 1 when the files differ */
  fputs(zOutput, stdout);
}

/*
** Print pFile's changes as a unified diff (labels a/PATH and b/PATH, as
** "git apply" and "patch -p1" take them).
*/
static int show_diff(const FixFile *pFile) {
  char zTmp[] = "/tmp/cescape-fix-XXXXXX";
  int fd = mkstemp(zTmp), bad;
  char *zOld, *zNewLabel;
  if (fd < 0) {
    cescape_error("cannot create a temporary file: %s", strerror(errno));
    return 1;
  }
  close(fd);
  unlink(zTmp);
  if (write_new_file(zTmp, pFile->zNew, pFile->nNew, 0600))
    return 1;
  zOld = mprintf("a/%s", pFile->zPath);
  zNewLabel = mprintf("b/%s", pFile->zPath);
  {
    char *azArg[] = {"diff",    "-u",         "--label", zOld, "--label",
                     zNewLabel, pFile->zDisk, zTmp,      NULL};
    Job job = {NULL, azArg};
    /* diff's status is 1 for "they differ": only output matters. */
    run_jobs(&job, 1, 1, print_diff, NULL);
    bad = 0;
  }
  unlink(zTmp);
  free(zOld);
  free(zNewLabel);
  return bad;
}

int cmd_fix(CescapeState *p, int nArg, char **azArg) {
  const char *zDb = "cescape.db", *zRules = NULL, *zRoot = NULL;
  int bDryRun = 0, nFile = 0, i, rc, bad = 1, nEdits = 0;
  StringList sel = {NULL, 0};
  FixFile *aFile = NULL;
  char *zRootDir;
  sqlite3 *db;
  const CommandOption aOpt[] = {{0, "db", .pzString = &zDb},
                                {0, "rule", .pzString = &zRules},
                                {0, "root", .pzString = &zRoot},
                                {'n', "dry-run", .pbFlag = &bDryRun},
                                {0}};
  (void)p;
  if ((rc = parse_options(nArg, azArg, aOpt, cmd_fix_usage, &sel)) !=
      CESCAPE_PARSED)
    return rc;
  if (zRules && check_rule_list("--rule", zRules))
    return CESCAPE_EXIT_USAGE;
  db = open_database(zDb);
  if (db == NULL)
    return CESCAPE_EXIT_USAGE;
  zRootDir = zRoot ? xstrdup(zRoot) : fix_root(db);
  if (choose_findings(db, zRules ? zRules : "", &sel) ||
      (nFile = read_edits(db, &aFile)) < 0)
    goto done;
  for (i = 0; i < nFile; i++) {
    FixFile *pFile = &aFile[i];
    if (locate_file(pFile, zRootDir) || !unchanged_on_disk(pFile) ||
        apply_edits(pFile))
      goto done;
    nEdits += pFile->nEdit;
  }
  for (i = 0; i < nFile; i++)
    if (bDryRun ? show_diff(&aFile[i]) : replace_file(&aFile[i]))
      goto done;
  if (!bDryRun)
    printf("cescape fix: %d edit%s in %d file%s\n", nEdits,
           nEdits == 1 ? "" : "s", nFile, nFile == 1 ? "" : "s");
  bad = 0;
done:
  for (i = 0; aFile && i < nFile; i++) {
    int j;
    for (j = 0; j < aFile[i].nEdit; j++)
      free(aFile[i].aEdit[j].zText);
    free(aFile[i].aEdit);
    free(aFile[i].zPath);
    free(aFile[i].zDisk);
    free(aFile[i].zHash);
    free(aFile[i].zNew);
    source_free(&aFile[i].text);
  }
  free(aFile);
  free(zRootDir);
  free(sel.az);
  sqlite3_close(db);
  return bad ? CESCAPE_EXIT_USAGE : CESCAPE_EXIT_OK;
}
