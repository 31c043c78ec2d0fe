/*
** cmd_check.c - "cescape check": the analysis without touching the build,
** over a compilation database (compile_commands.json), in parallel.
**
**   cescape check -p BUILD_DIR [-j N] [--db FILE] [<file>...]
**
** Each entry is compiled again with -fsyntax-only and the plugin, in its
** own directory, with its own flags: the same analysis as a build with
** "cescape cc", by construction.
*/
#include "cescape.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* clang-format off */
const char cmd_check_usage[] =
  "usage: cescape check -p BUILD_DIR [-j N] [--db FILE] [<file>...]\n"
  "\n"
  "Analyse the files of BUILD_DIR/compile_commands.json (from CMake's\n"
  "CMAKE_EXPORT_COMPILE_COMMANDS, bear, ...) without building: each is\n"
  "compiled with -fsyntax-only and the plugin, N at a time. With <file>s,\n"
  "only the entries whose file ends with one of them.\n"
  "\n"
  "Options:\n"
  "  -p DIR         The directory holding compile_commands.json\n"
  "  -j N           Compile N files at once (default: the number of CPUs)\n"
  "  --db FILE      Record the findings in this database\n"
  "\n"
  "Plugin arguments come from $CESCAPE_ARGS, as for cescape cc. The exit\n"
  "status is 2 when a file could not be analysed.\n";
/* clang-format on */

/*
** Append the words of the shell command zCmd to pArgv: quotes and
** backslashes as a POSIX shell reads them, without expansions.
*/
static void argv_append_command(Argv *pArgv, const char *zCmd) {
  char *zWord = xmalloc(strlen(zCmd) + 1);
  for (;;) {
    size_t n = 0;
    int bWord = 0;
    char cQuote = 0;
    while (*zCmd == ' ' || *zCmd == '\t' || *zCmd == '\n')
      zCmd++;
    for (; *zCmd && (cQuote || (*zCmd != ' ' && *zCmd != '\t')); zCmd++) {
      bWord = 1;
      if (cQuote == '\'' ? *zCmd == '\'' : *zCmd == '"' && cQuote) {
        cQuote = 0;
      } else if (!cQuote && (*zCmd == '\'' || *zCmd == '"')) {
        cQuote = *zCmd;
      } else if (*zCmd == '\\' && cQuote != '\'' && zCmd[1]) {
        zWord[n++] = *++zCmd;
      } else {
        zWord[n++] = *zCmd;
      }
    }
    if (!bWord)
      break;
    argv_append(pArgv, mprintf("%.*s", (int)n, zWord));
  }
  free(zWord);
}

/*
** Whether compiler argument zArg is one "check" drops (output and
** dependency files: the analysis writes neither); *pnSkip gets how many
** following arguments go with it.
*/
static int dropped_argument(const char *zArg, int *pnSkip) {
  static const char *const azWithValue[] = {"-o", "-MF", "-MT", "-MQ"};
  size_t i;
  *pnSkip = 0;
  for (i = 0; i < sizeof(azWithValue) / sizeof(azWithValue[0]); i++) {
    if (strcmp(zArg, azWithValue[i]) == 0) {
      *pnSkip = 1;
      return 1;
    }
  }
  return strcmp(zArg, "-c") == 0 || strcmp(zArg, "-MD") == 0 ||
         strcmp(zArg, "-MMD") == 0 || strcmp(zArg, "-M") == 0 ||
         strcmp(zArg, "-MM") == 0;
}

/*
** Whether zFile is selected by the <file> arguments (all when there are
** none): it ends with one of them.
*/
static int selected(const char *zFile, int nSel, char **azSel) {
  int i;
  size_t nFile = strlen(zFile);
  if (nSel == 0)
    return 1;
  for (i = 0; i < nSel; i++) {
    size_t n = strlen(azSel[i]);
    if (n <= nFile && strcmp(zFile + nFile - n, azSel[i]) == 0)
      return 1;
  }
  return 0;
}

int cmd_check(CescapeState *p, int nArg, char **azArg) {
  const char *zBuild = NULL, *zDb = NULL;
  char *zPlugin, *zWhy, *zJsonPath, *zJson, *zDbArg = NULL;
  long nJobs = sysconf(_SC_NPROCESSORS_ONLN);
  int nSel = 0, nRunning = 0, nFailed = 0, nFiles = 0, bMore, i, rc;
  char **azSel = xmalloc(sizeof(char *) * (size_t)(nArg + 1));
  sqlite3 *db = NULL;
  sqlite3_stmt *pEntries = NULL, *pArgs = NULL;

  for (i = 1; i < nArg; i++) {
    const char *z = azArg[i];
    if ((isoption(z, 'p', NULL) || isoption(z, 'j', NULL) ||
         isoption(z, 0, "db")) &&
        i + 1 >= nArg) {
      cescape_error("option '%s' needs a value", z);
      return CESCAPE_EXIT_USAGE;
    }
    if (isoption(z, 'p', NULL)) {
      zBuild = azArg[++i];
    } else if (isoption(z, 'j', NULL)) {
      nJobs = strtol(azArg[++i], NULL, 10);
    } else if (isoption(z, 0, "db")) {
      zDb = azArg[++i];
    } else if (z[0] == '-') {
      cescape_error("unknown option '%s' (see cescape check --help)", z);
      return CESCAPE_EXIT_USAGE;
    } else {
      azSel[nSel++] = azArg[i];
    }
  }
  if (zBuild == NULL) {
    cescape_error("check needs -p BUILD_DIR (see cescape check --help)");
    return CESCAPE_EXIT_USAGE;
  }
  if (nJobs < 1)
    nJobs = 1;
  zPlugin = find_plugin(p, &zWhy);
  if (zPlugin == NULL) {
    cescape_error("%s", zWhy);
    return CESCAPE_EXIT_USAGE;
  }
  if (zDb) {
    /* The compiles run in other directories: the database path must not
    ** depend on them. */
    char *zAbs = zDb[0] == '/' ? xstrdup(zDb) : NULL;
    if (!zAbs) {
      char *zCwd = getcwd(NULL, 0);
      zAbs = mprintf("%s/%s", zCwd ? zCwd : ".", zDb);
      free(zCwd);
    }
    zDbArg = mprintf("-fplugin-arg-cescape-db=%s", zAbs);
    free(zAbs);
  }

  zJsonPath = mprintf("%s/compile_commands.json", zBuild);
  zJson = read_file(zJsonPath);
  if (zJson == NULL) {
    cescape_error("cannot read '%s': %s", zJsonPath, strerror(errno));
    return CESCAPE_EXIT_USAGE;
  }
  /* SQLite's JSON functions read the compilation database. */
  sqlite3_open(":memory:", &db);
  rc = sqlite3_prepare_v2(
      db,
      "SELECT json_extract(value, '$.directory'), json_extract(value, "
      "'$.file'), json_extract(value, '$.arguments'), json_extract(value, "
      "'$.command') FROM json_each(?1)",
      -1, &pEntries, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "SELECT value FROM json_each(?1)", -1, &pArgs,
                            NULL);
  if (rc != SQLITE_OK ||
      sqlite3_bind_text(pEntries, 1, zJson, -1, SQLITE_STATIC) != SQLITE_OK) {
    cescape_error("cannot read '%s': %s", zJsonPath, sqlite3_errmsg(db));
    return CESCAPE_EXIT_USAGE;
  }

  for (bMore = 1; bMore || nRunning > 0;) {
    Argv a = {NULL, 0, 0}, orig = {NULL, 0, 0};
    const char *zDir, *zFile;
    const char *zEnv = getenv("CESCAPE_ARGS");
    pid_t pid;
    int status, j;

    if (!bMore || nRunning >= nJobs) {
      /* Wait for a compile to end before starting another. */
      if (waitpid(-1, &status, 0) <= 0)
        break;
      nRunning--;
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        nFailed++;
      continue;
    }
    if (sqlite3_step(pEntries) != SQLITE_ROW) {
      bMore = 0;
      continue;
    }
    zDir = (const char *)sqlite3_column_text(pEntries, 0);
    zFile = (const char *)sqlite3_column_text(pEntries, 1);
    if (zFile == NULL || !selected(zFile, nSel, azSel))
      continue;
    if (sqlite3_column_type(pEntries, 2) != SQLITE_NULL) {
      sqlite3_bind_text(pArgs, 1,
                        (const char *)sqlite3_column_text(pEntries, 2), -1,
                        SQLITE_TRANSIENT);
      while (sqlite3_step(pArgs) == SQLITE_ROW)
        argv_append(&orig,
                    xstrdup((const char *)sqlite3_column_text(pArgs, 0)));
      sqlite3_reset(pArgs);
    } else if (sqlite3_column_type(pEntries, 3) != SQLITE_NULL) {
      argv_append_command(&orig,
                          (const char *)sqlite3_column_text(pEntries, 3));
    }
    if (orig.nArg == 0) {
      cescape_warning("no command for '%s'; skipped", zFile);
      nFailed++;
      continue;
    }
    /* bear also records the compiler's internal "-cc1" runs (Redis has
    ** "-cc1 -Eonly" ones): they are not compile commands. */
    if (orig.nArg > 1 && strcmp(orig.azArg[1], "-cc1") == 0) {
      free(orig.azArg);
      continue;
    }
    /* clang with the plugin, then the entry's own arguments. */
    argv_append(&a, xstrdup(CESCAPE_CLANG));
    argv_append(&a, xstrdup("-fsyntax-only"));
    argv_append(&a, mprintf("-fplugin=%s", zPlugin));
    if (zDbArg)
      argv_append(&a, xstrdup(zDbArg));
    if (zEnv)
      argv_append_words(&a, "-fplugin-arg-cescape-", zEnv);
    for (j = 1; j < orig.nArg; j++) {
      int nSkip;
      if (dropped_argument(orig.azArg[j], &nSkip))
        j += nSkip;
      else
        argv_append(&a, orig.azArg[j]);
    }
    nFiles++;
    pid = spawn_in(zDir, a.azArg, 0);
    if (pid < 0)
      nFailed++;
    else
      nRunning++;
    free(a.azArg);
    free(orig.azArg);
  }
  sqlite3_finalize(pEntries);
  sqlite3_finalize(pArgs);
  sqlite3_close(db);
  free(zJson);
  if (nFailed) {
    cescape_error("%d of %d files could not be analysed", nFailed, nFiles);
    return CESCAPE_EXIT_USAGE;
  }
  /* Calls between the files use each other's final summaries. */
  return zDb ? resolve_database(zDb, nJobs, 20) : CESCAPE_EXIT_OK;
}
