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
#include <unistd.h>

/* clang-format off */
const char cmd_check_usage[] =
  "usage: cescape check -p BUILD_DIR [-j N] [--db FILE] [<file>...]\n"
  "\n"
  "Analyse the files of BUILD_DIR/compile_commands.json (from CMake's\n"
  "CMAKE_EXPORT_COMPILE_COMMANDS, bear, ...) without building: each is\n"
  "compiled with -fsyntax-only and the plugin, N at a time. With <file>s,\n"
  "only the entries whose file is one of them or ends with \"/\" and one\n"
  "of them (a.c selects src/a.c, not data.c); a <file> that selects no\n"
  "entry is an error. Each unit prints\n"
  "[n/N] and its file, then its diagnostics as one block; paths are\n"
  "relative to the project root (the nearest directory above this one\n"
  "with a .git, else this one).\n"
  "\n"
  "Options:\n"
  "  -p DIR         The directory holding compile_commands.json\n"
  "  -j, --jobs N   Compile N files at once (default: the number of CPUs)\n"
  "  --db FILE      Record the findings in this database\n"
  "  --compiler-warnings\n"
  "                 Keep the project's own compiler warnings (dropped by\n"
  "                 default: only cescape's findings and errors show)\n"
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
** Whether zJson is valid JSON whose top is an array.
*/
static int is_json_array(sqlite3 *db, const char *zJson) {
  sqlite3_stmt *pStmt = NULL;
  int bArray = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT CASE WHEN json_valid(?1) "
                         "THEN json_type(?1) = 'array' END",
                         -1, &pStmt, NULL) == SQLITE_OK &&
      sqlite3_bind_text(pStmt, 1, zJson, -1, SQLITE_STATIC) == SQLITE_OK &&
      sqlite3_step(pStmt) == SQLITE_ROW)
    bArray = sqlite3_column_int(pStmt, 0);
  sqlite3_finalize(pStmt);
  return bArray;
}

/*
** The index of the first compiler argument of command pCmd: after the
** compiler, and after what runs it, "cescape cc" and the compiler
** launchers (ccache, sccache, distcc, icecc) that CMake's
** CMAKE_C_COMPILER_LAUNCHER, Meson or CC="cescape cc" put in front.
*/
static int compiler_args_start(const Argv *pCmd) {
  static const char *const azRunner[] = {"ccache", "sccache", "distcc",
                                         "icecc"};
  int i = 0;
  size_t k;
  while (i < pCmd->nArg) {
    const char *zBase = path_basename(pCmd->azArg[i]);
    if (strcmp(zBase, "cescape") == 0 && i + 1 < pCmd->nArg &&
        strcmp(pCmd->azArg[i + 1], "cc") == 0) {
      i += 2;
      /* "cescape cc -c x.c": no compiler named, the default one. */
      if (i < pCmd->nArg && pCmd->azArg[i][0] == '-')
        return i;
      continue;
    }
    for (k = 0; k < sizeof(azRunner) / sizeof(azRunner[0]); k++) {
      if (strcmp(zBase, azRunner[k]) == 0)
        break;
    }
    if (k == sizeof(azRunner) / sizeof(azRunner[0]))
      break;
    i++;
  }
  return i + 1;
}

/*
** An entry's file as a path from "/" (realpath() when it exists), or from
** "." without a directory; in memory from xmalloc().
*/
static char *entry_path(const char *zDir, const char *zFile) {
  char *zAbs = zFile[0] == '/' ? xstrdup(zFile)
                               : mprintf("%s/%s", zDir ? zDir : ".", zFile);
  char *zReal = realpath(zAbs, NULL);
  if (zReal == NULL)
    return zAbs;
  free(zAbs);
  return zReal;
}

/*
** Whether the file at zPath is selected by the <file> arguments (all when
** there are none): it is one of them or ends with "/" and one of them
** (a leading "./" left out), so "a.c" selects src/a.c, never data.c.
** Each argument that selects it is marked in aHit.
*/
static int selected(const char *zPath, const StringList *pSel, char *aHit) {
  int i, bSelected = pSel->n == 0;
  size_t nPath = strlen(zPath);
  for (i = 0; i < pSel->n; i++) {
    const char *z =
        strncmp(pSel->az[i], "./", 2) == 0 ? pSel->az[i] + 2 : pSel->az[i];
    size_t n = strlen(z);
    if (n <= nPath && strcmp(zPath + nPath - n, z) == 0 &&
        (n == nPath || zPath[nPath - n - 1] == '/'))
      bSelected = aHit[i] = 1;
  }
  return bSelected;
}

/*
** The words that hand clang -cc1 arguments through the driver, the
** argument in the next word or joined after '='.  cc1 loads any library
** it is told to (-load), so what they carry must be what "cescape
** resolve" runs (cc1_args.def).
*/
static const char *const azToCc1[] = {"-Xclang", "-Xpreprocessor"};

/*
** Append the -cc1 arguments az[0..n-1] (handed through with zVia) to pOut
** as cc1_args.def says, each after zVia when zVia is not NULL (-Xclang X)
** or as one "-Wp,X,Y" word when it is; return a reason for refusing the
** unit (from mprintf()) when one is not in cc1_args.def or is a cescape
** plugin argument.
*/
static char *pass_to_cc1(char **az, int n, const char *zVia, Argv *pOut) {
  char *zWp = NULL;
  int i;
  for (i = 0; i < n; i++) {
    const Cc1Arg *pArg = cc1_arg(az[i]);
    int nWord = pArg && pArg->eShape == CC1_NEXT ? 2 : 1, k;
    if (pArg == NULL || pArg->eAction == CC1_PLUGIN || i + nWord > n) {
      free(zWp);
      return mprintf("it hands '%s' to clang -cc1, which cescape does not "
                     "run",
                     az[i]);
    }
    if (pArg->eAction != CC1_DROP)
      for (k = i; k < i + nWord; k++) {
        if (zVia) {
          argv_append(pOut, xstrdup(zVia));
          argv_append(pOut, xstrdup(az[k]));
        } else {
          char *zNext = mprintf("%s,%s", zWp ? zWp : "-Wp", az[k]);
          free(zWp);
          zWp = zNext;
        }
      }
    i += nWord - 1;
  }
  if (zWp)
    argv_append(pOut, zWp);
  return NULL;
}

/*
** Append the arguments of compile command pCmd from iStart on to pOut as
** the analysis takes them: without outputs (syntax_only_argument()),
** without other plugins, and with what they hand to clang -cc1 checked
** against cc1_args.def.  A compile_commands.json is the project's, maybe
** not the user's: the analysis must not load its libraries.  Return a
** reason for refusing the unit (from mprintf()), or NULL.
*/
static char *analysed_arguments(const Argv *pCmd, int iStart, Argv *pOut) {
  Argv cc1 = {NULL, 0, 0};
  const char *zVia = NULL;
  char *zWhy = NULL;
  int j;
  for (j = iStart; j < pCmd->nArg && zWhy == NULL; j++) {
    const char *zArg = pCmd->azArg[j];
    size_t k;
    int nSkip;
    char *zKept;
    for (k = 0; k < sizeof azToCc1 / sizeof azToCc1[0]; k++) {
      size_t n = strlen(azToCc1[k]);
      if (strncmp(zArg, azToCc1[k], n) == 0 &&
          (zArg[n] == '\0' || zArg[n] == '='))
        break;
    }
    if (k < sizeof azToCc1 / sizeof azToCc1[0]) {
      const char *zValue = zArg[strlen(azToCc1[k])] == '='
                               ? zArg + strlen(azToCc1[k]) + 1
                           : j + 1 < pCmd->nArg ? pCmd->azArg[++j]
                                                : "";
      /* A -cc1 argument and its value may come in two -Xclang words. */
      if (zVia && strcmp(zVia, azToCc1[k]) != 0) {
        zWhy = pass_to_cc1(cc1.azArg, cc1.nArg, zVia, pOut);
        cc1.nArg = 0;
      }
      zVia = azToCc1[k];
      argv_append(&cc1, (char *)zValue);
      continue;
    }
    if (zVia) {
      zWhy = pass_to_cc1(cc1.azArg, cc1.nArg, zVia, pOut);
      cc1.nArg = 0;
      zVia = NULL;
      if (zWhy)
        break;
    }
    /* Clang reads the words of @FILE and --config FILE as arguments: they
    ** would pass unchecked. */
    if (zArg[0] == '@' || strncmp(zArg, "--config", 8) == 0) {
      zWhy = mprintf("its command reads arguments from a file ('%s'), which "
                     "cescape does not check",
                     zArg);
      break;
    }
    if (strncmp(zArg, "-fplugin=", 9) == 0 ||
        strncmp(zArg, "-fpass-plugin=", 14) == 0)
      continue; /* the analysis runs cescape's plugin only */
    zKept = syntax_only_argument(zArg, &nSkip);
    j += nSkip;
    if (zKept && strncmp(zKept, "-Wp,", 4) == 0) {
      Argv parts = {NULL, 0, 0};
      char *zSave = NULL, *zPart;
      for (zPart = strtok_r(zKept + 4, ",", &zSave); zPart;
           zPart = strtok_r(NULL, ",", &zSave))
        argv_append(&parts, zPart);
      zWhy = pass_to_cc1(parts.azArg, parts.nArg, NULL, pOut);
      free(parts.azArg);
      free(zKept);
    } else if (zKept) {
      argv_append(pOut, zKept);
    }
  }
  if (zVia && zWhy == NULL)
    zWhy = pass_to_cc1(cc1.azArg, cc1.nArg, zVia, pOut);
  free(cc1.azArg);
  return zWhy;
}

/*
** What "check" hands its job pool: the units and how far it got.
*/
typedef struct CheckRun CheckRun;
struct CheckRun {
  const char **azFile; /* Each job's file, relative to the root if below it */
  const char *zRoot;   /* The project root, with a '/' at its end */
  int nDone;           /* Jobs ended so far */
  int nJob;            /* Jobs in all */
  int bWarningCount;   /* Keep clang's "N warnings generated." lines */
};

/*
** Whether the line at z is clang's count of warnings alone ("2 warnings
** generated.", no errors).  With the project's warnings dropped it counts
** cescape's own and reads as if the project had some: it is dropped too.
*/
static int is_warning_count(const char *z) {
  size_t n = strspn(z, "0123456789");
  return n > 0 && (strncmp(z + n, " warning generated.\n", 20) == 0 ||
                   strncmp(z + n, " warnings generated.\n", 21) == 0);
}

/*
** Write zText to stdout with every "ROOT/" at the start of a line or after
** "from " (an include chain) left out: diagnostics name files relative to
** the project root, whatever directory each unit compiled in.  Without
** bWarningCount, leave out the lines is_warning_count() matches.
*/
static void write_relative(const char *zText, const char *zRoot,
                           int bWarningCount) {
  size_t nRoot = strlen(zRoot), i = 0;
  while (zText[i]) {
    int bLineStart = i == 0 || zText[i - 1] == '\n';
    int bAnchor =
        bLineStart || (i >= 5 && strncmp(zText + i - 5, "from ", 5) == 0);
    if (bLineStart && !bWarningCount && is_warning_count(zText + i)) {
      zText = strchr(zText + i, '\n') + 1;
      i = 0;
      continue;
    }
    if (bAnchor && strncmp(zText + i, zRoot, nRoot) == 0) {
      zText += i + nRoot;
      i = 0;
      continue;
    }
    fputc(zText[i++], stdout);
  }
}

/*
** A unit's analysis ended: its progress line, then its diagnostics as one
** block.
*/
static void unit_done(void *pArg, int iJob, int bOk, const char *zOutput) {
  CheckRun *pRun = pArg;
  pRun->nDone++;
  printf("[%d/%d] %s%s\n", pRun->nDone, pRun->nJob, pRun->azFile[iJob],
         bOk ? "" : " (failed)");
  write_relative(zOutput, pRun->zRoot, pRun->bWarningCount);
  fflush(stdout);
}

/*
** Read the entries of compile commands zJson selected by azSel into
** aJob/azFile: clang with the plugin (pPlugin's arguments first), then the
** entry's own arguments; *pnSkipped counts entries not analysed: without
** a command or a file, or with arguments analysed_arguments() refuses.
** Return the number of jobs, or -1 after saying why: no entries, or a
** selection that names no entry's file (a typo, not "nothing to do").
*/
static int read_entries(const char *zJsonPath, const char *zJson,
                        const Argv *pPlugin, const Argv *pTail,
                        const char *zRoot, const StringList *pSel, Job **paJob,
                        const char ***pazFile, int *pnSkipped) {
  sqlite3 *db = NULL;
  sqlite3_stmt *pEntries = NULL, *pArgs = NULL;
  Job *aJob = NULL;
  const char **azFile = NULL;
  char *aHit = xmalloc((size_t)pSel->n + 1);
  int nJob = 0, nAlloc = 0, nEntry = 0, rc, i;

  /* SQLite's JSON functions read the compilation database. */
  memset(aHit, 0, (size_t)pSel->n + 1);
  sqlite3_open(":memory:", &db);
  if (!is_json_array(db, zJson)) {
    cescape_error("'%s' is not a JSON array of compile commands", zJsonPath);
    sqlite3_close(db);
    free(aHit);
    return -1;
  }
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
    sqlite3_finalize(pEntries);
    sqlite3_close(db);
    free(aHit);
    return -1;
  }
  while ((rc = sqlite3_step(pEntries)) == SQLITE_ROW) {
    Argv a = {NULL, 0, 0}, orig = {NULL, 0, 0};
    char *zWhy, *zPath;
    const char *zDir = (const char *)sqlite3_column_text(pEntries, 0);
    const char *zFile = (const char *)sqlite3_column_text(pEntries, 1);
    int j, bSelected;
    nEntry++;
    if (zFile == NULL) { /* no <file> selects it; without any, it is lost */
      if (pSel->n == 0) {
        cescape_warning("entry %d of '%s' names no file; skipped", nEntry,
                        zJsonPath);
        ++*pnSkipped;
      }
      continue;
    }
    if (zDir == NULL) { /* the format requires it: no guessing the cwd */
      cescape_warning("entry %d of '%s' names no directory; skipped", nEntry,
                      zJsonPath);
      ++*pnSkipped;
      continue;
    }
    zPath = entry_path(zDir, zFile);
    bSelected = selected(zPath, pSel, aHit);
    free(zPath);
    if (!bSelected)
      continue;
    if (sqlite3_column_type(pEntries, 2) != SQLITE_NULL) {
      sqlite3_bind_text(pArgs, 1,
                        (const char *)sqlite3_column_text(pEntries, 2), -1,
                        SQLITE_TRANSIENT);
      while (sqlite3_step(pArgs) == SQLITE_ROW) {
        const char *zArg = (const char *)sqlite3_column_text(pArgs, 0);
        if (zArg == NULL) { /* null: no command is better than a wrong one */
          orig.nArg = 0;
          break;
        }
        argv_append(&orig, xstrdup(zArg));
      }
      sqlite3_reset(pArgs);
    } else if (sqlite3_column_type(pEntries, 3) != SQLITE_NULL) {
      argv_append_command(&orig,
                          (const char *)sqlite3_column_text(pEntries, 3));
    }
    if (orig.nArg == 0) {
      cescape_warning("no command for '%s'; skipped", zFile);
      ++*pnSkipped;
      continue;
    }
    /* bear also records the compiler's internal "-cc1" runs (Redis has
    ** "-cc1 -Eonly" ones): they are not compile commands. */
    if (orig.nArg > 1 && strcmp(orig.azArg[1], "-cc1") == 0) {
      free(orig.azArg);
      continue;
    }
    for (j = 0; j < pPlugin->nArg; j++)
      argv_append(&a, xstrdup(pPlugin->azArg[j]));
    zWhy = analysed_arguments(&orig, compiler_args_start(&orig), &a);
    for (j = 0; j < pTail->nArg; j++)
      argv_append(&a, xstrdup(pTail->azArg[j]));
    for (j = 0; j < orig.nArg; j++)
      free(orig.azArg[j]);
    free(orig.azArg);
    if (zWhy) {
      cescape_warning("'%s' not analysed: %s", zFile, zWhy);
      free(zWhy);
      for (j = 0; j < a.nArg; j++)
        free(a.azArg[j]);
      free(a.azArg);
      ++*pnSkipped;
      continue;
    }
    if (nJob == nAlloc) {
      nAlloc = nAlloc ? 2 * nAlloc : 64;
      aJob = realloc(aJob, sizeof(Job) * (size_t)nAlloc);
      azFile = realloc(azFile, sizeof(char *) * (size_t)nAlloc);
      if (aJob == NULL || azFile == NULL) {
        cescape_error("out of memory");
        exit(CESCAPE_EXIT_USAGE);
      }
    }
    aJob[nJob].zDir = xstrdup(zDir ? zDir : ".");
    aJob[nJob].azArg = a.azArg;
    {
      /* The file as the project knows it: relative to the root. */
      char *zShown = entry_path(zDir, zFile);
      size_t nRoot = strlen(zRoot);
      azFile[nJob++] =
          xstrdup(strncmp(zShown, zRoot, nRoot) == 0 ? zShown + nRoot : zShown);
      free(zShown);
    }
  }
  if (rc != SQLITE_DONE) {
    cescape_error("cannot read '%s': %s", zJsonPath, sqlite3_errmsg(db));
    nJob = -1;
  } else if (nEntry == 0) {
    cescape_error("'%s' has no compile commands (was it recorded while the "
                  "build compiled nothing?)",
                  zJsonPath);
    nJob = -1;
  }
  for (i = 0; i < pSel->n; i++) {
    if (!aHit[i] && rc == SQLITE_DONE) {
      cescape_error("'%s' is the file of no entry of '%s'", pSel->az[i],
                    zJsonPath);
      nJob = -1;
    }
  }
  free(aHit);
  sqlite3_finalize(pEntries);
  sqlite3_finalize(pArgs);
  sqlite3_close(db);
  *paJob = aJob;
  *pazFile = azFile;
  return nJob;
}

int cmd_check(CescapeState *p, int nArg, char **azArg) {
  const char *zBuild = NULL, *zDb = NULL;
  int bCompilerWarnings = 0;
  Argv tail = {NULL, 0, 0};
  char *zRootDir = project_root();
  char *zPlugin, *zWhy, *zJsonPath, *zJson;
  long nJobs = sysconf(_SC_NPROCESSORS_ONLN);
  StringList sel = {NULL, 0};
  Argv plugin = {NULL, 0, 0};
  const char *zEnv = getenv("CESCAPE_ARGS");
  CheckRun run = {NULL, NULL, 0, 0, 0};
  Job *aJob = NULL;
  int nSkipped = 0, nFailed, rc;
  const CommandOption aOpt[] = {
      {'p', NULL, .pzString = &zBuild},
      {'j', "jobs", .pnCount = &nJobs},
      {0, "db", .pzString = &zDb},
      {0, "compiler-warnings", .pbFlag = &bCompilerWarnings},
      {0}};

  if ((rc = parse_options(nArg, azArg, aOpt, cmd_check_usage, &sel)) !=
      CESCAPE_PARSED)
    return rc;
  if (zBuild == NULL) {
    cescape_error("check needs -p BUILD_DIR (see cescape check --help)");
    return CESCAPE_EXIT_USAGE;
  }
  zPlugin = find_plugin(p, CESCAPE_LLVM_MAJOR, &zWhy);
  if (zPlugin == NULL) {
    cescape_error("%s", zWhy);
    return CESCAPE_EXIT_USAGE;
  }
  argv_append(&plugin, xstrdup(CESCAPE_CLANG));
  argv_append(&plugin, xstrdup("-fsyntax-only"));
  argv_append(&plugin, mprintf("-fplugin=%s", zPlugin));
  if (zDb) {
    /* The compiles run in other directories: the database path must not
    ** depend on them. */
    char *zAbs = zDb[0] == '/' ? xstrdup(zDb) : NULL;
    if (!zAbs) {
      char *zCwd = getcwd(NULL, 0);
      zAbs = mprintf("%s/%s", zCwd ? zCwd : ".", zDb);
      free(zCwd);
    }
    argv_append(&plugin, mprintf("-fplugin-arg-cescape-db=%s", zAbs));
    free(zAbs);
  }
  if (zEnv)
    argv_append_words(&plugin, "-fplugin-arg-cescape-", zEnv);
  /* After the entry's own flags, so that they do not turn warnings on
  ** again; cescape's diagnostics have no warning group and stay. */
  argv_append(&tail, xstrdup("-fdiagnostics-absolute-paths"));
  if (!bCompilerWarnings)
    argv_append(&tail, xstrdup("-Wno-everything"));
  run.zRoot = mprintf("%s/", zRootDir);
  run.bWarningCount = bCompilerWarnings;

  zJsonPath = mprintf("%s/compile_commands.json", zBuild);
  zJson = read_file(zJsonPath, NULL);
  if (zJson == NULL) {
    cescape_error("cannot read '%s': %s", zJsonPath, strerror(errno));
    return CESCAPE_EXIT_USAGE;
  }
  run.nJob = read_entries(zJsonPath, zJson, &plugin, &tail, run.zRoot, &sel,
                          &aJob, &run.azFile, &nSkipped);
  free(zJson);
  if (run.nJob < 0)
    return CESCAPE_EXIT_USAGE;
  nFailed = nSkipped + run_jobs(aJob, run.nJob, nJobs, unit_done, &run);
  if (nFailed) {
    cescape_error("%d of %d files could not be analysed", nFailed,
                  run.nJob + nSkipped);
    return CESCAPE_EXIT_USAGE;
  }
  /* Calls between the files use each other's final summaries. */
  return zDb ? resolve_database(zDb, zPlugin, nJobs, 20) : CESCAPE_EXIT_OK;
}
