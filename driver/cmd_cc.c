/*
** cmd_cc.c - "cescape cc": a compiler wrapper that analyses what it compiles.
**
**   cescape cc [<launcher>] [<compiler>] [<compiler args>...]
**
** The compiler the user named always builds the objects, from the user's
** arguments.  A Clang whose major has a plugin installed (its --version
** says which major it is) loads it in that same compile: -fplugin and the
** plugin arguments from $CESCAPE_ARGS go in front of the caller's
** arguments.  Any other compiler (GCC, a Clang without a plugin, a compile
** sent to another machine by distcc) runs exactly as given, and beside it
** the installed Clang that has a plugin parses the same C sources with the
** same flags (-fsyntax-only), so make CC="cescape cc" analyses every file
** the build compiles, whoever compiles it.  The build never breaks because
** of cescape: the exit status and the files written are the compiler's.
*/
#include "cescape.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/*
** Usage of "cescape cc".
*/
/* clang-format off */
const char cmd_cc_usage[] =
  "usage: cescape cc [<launcher>] [<compiler>] [<compiler args>...]\n"
  "   or: cescape cc --cache-key [<launcher>] [<compiler>]\n"
  "\n"
  "Run a C compiler with the cescape plugin loaded, for builds:\n"
  "  make CC=\"cescape cc\"\n"
  "  cmake -DCMAKE_C_COMPILER=" CESCAPE_CLANG " -DCMAKE_C_COMPILER_LAUNCHER=\"cescape;cc\"\n"
  "\n"
  "The compiler is <compiler> when the first argument is a program named\n"
  "like a C compiler (cc, gcc, clang, optionally with a target before and\n"
  "a version after: x86_64-linux-gnu-gcc-12), else $CESCAPE_CC, else\n"
  CESCAPE_CLANG ". A compiler launcher (ccache, sccache, distcc, icecc)\n"
  "may come first, or be the compiler: a link to it named like a compiler\n"
  "(/usr/lib/icecc/bin/clang).\n"
  "\n"
  "That compiler always builds the objects, from the arguments given. A\n"
  "Clang whose major has a plugin installed (its --version tells) loads it\n"
  "in the same compile. Any other compiler (GCC, a Clang without a plugin,\n"
  "a compile distcc or icecc sends away) runs unchanged while\n"
  CESCAPE_CLANG " with the plugin analyses the same C sources with the\n"
  "same flags (-fsyntax-only; flags it does not know are left out, its own\n"
  "warnings are silenced); without one, cescape warns and only compiles.\n"
  "The exit status is the compiler's.\n"
  "\n"
  "--cache-key prints what the findings depend on besides the arguments\n"
  "and sources: this program, the compiler's --version, the plugin and\n"
  "the Clang that analyses, $CESCAPE_ARGS. A cache in front of cescape cc\n"
  "hashes it, so that a change of any misses:\n"
  "  CCACHE_COMPILERCHECK=\"%compiler% cc --cache-key " CESCAPE_CLANG "\" \\\n"
  "    make CC=\"ccache cescape cc " CESCAPE_CLANG "\"\n"
  "\n"
  "Environment:\n"
  "  CESCAPE_CC    The compiler when none is given, possibly with a\n"
  "                launcher and options: \"ccache " CESCAPE_CLANG "\"\n"
  "  CESCAPE_ARGS  Plugin arguments separated by white space; each word W\n"
  "                becomes -fplugin-arg-cescape-W, as in\n"
  "                CESCAPE_ARGS=\"m max-stack=1024\"\n";
/* clang-format on */

/*
** The characters that separate words in $CESCAPE_CC and $CESCAPE_ARGS.
*/
#define CC_SPACE " \t\n\r\v\f"

/*
** Programs that run the compiler named by their first argument; a remote
** one runs it on another machine, where the plugin is not.
*/
static const struct {
  const char *zName;
  int bRemote;
} aLauncher[] = {{"ccache", 0}, {"sccache", 0}, {"distcc", 1}, {"icecc", 1}};
#define N_LAUNCHER (sizeof(aLauncher) / sizeof(aLauncher[0]))

/*
** The index in aLauncher[] of the launcher zArg names, or -1 when it is
** none or not installed.
*/
static int launcher_index(const char *zArg) {
  const char *zBase = path_basename(zArg);
  size_t i;
  char *zPath;

  for (i = 0; i < N_LAUNCHER; i++) {
    if (strcmp(zBase, aLauncher[i].zName) == 0)
      break;
  }
  if (i == N_LAUNCHER)
    return -1;
  zPath = find_program(zArg);
  free(zPath);
  return zPath ? (int)i : -1;
}

/*
** The names of C compilers, without target prefix or version suffix.
*/
static const char *const azCompilerName[] = {
    "cc", "c89", "c99", "gcc", "clang", "c++", "g++", "clang++", "tcc"};

/*
** Return true if zBase is the name of a C compiler: one of azCompilerName[],
** optionally after a target ("x86_64-linux-gnu-gcc") and before a version
** ("clang-19", "gcc-12.2").  Never a file with a suffix: "src/ecc.c" is a
** source file, however it is named and whatever its mode.
*/
static int is_compiler_name(const char *zBase) {
  size_t nBase = strlen(zBase), i;
  size_t nEnd = nBase; /* end of the name without its version */
  const char *zDash = strrchr(zBase, '-');

  if (zDash && zDash[1] &&
      strspn(zDash + 1, "0123456789.") == strlen(zDash + 1))
    nEnd = (size_t)(zDash - zBase);
  for (i = 0; i < sizeof(azCompilerName) / sizeof(azCompilerName[0]); i++) {
    size_t n = strlen(azCompilerName[i]);
    if (n <= nEnd && memcmp(zBase + nEnd - n, azCompilerName[i], n) == 0 &&
        (n == nEnd || zBase[nEnd - n - 1] == '-'))
      return 1;
  }
  return 0;
}

/*
** Return true if zArg is the compiler to run rather than its first argument:
** it is no option, it is named like a C compiler, and it is a program.
*/
static int is_compiler(const char *zArg) {
  char *zPath;

  if (zArg[0] == '-' || !is_compiler_name(path_basename(zArg)))
    return 0;
  zPath = find_program(zArg);
  free(zPath);
  return zPath != NULL;
}

/*
** The output of "zPath --version" (from xmalloc()), or NULL when the
** program does not run or fails.
*/
static char *compiler_version(const char *zPath) {
  char *azArg[] = {(char *)zPath, "--version", NULL};
  Job job = {NULL, azArg};
  FILE *pOut = tmpfile();
  pid_t pid = pOut ? start_job(&job, pOut) : -1;
  int status;
  char *zOut = NULL;

  if (pid >= 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
      WEXITSTATUS(status) == 0)
    zOut = read_output(pOut);
  if (pOut)
    fclose(pOut);
  return zOut;
}

/*
** The Clang major of a compiler from the first line of its --version
** (zVersion: "Debian clang version 19.1.7 (3~deb12u1)"), or 0 for any
** other compiler: GCC, Apple's clang (whose numbers are its own), a program
** that does not answer (zVersion NULL).
*/
static int clang_major(const char *zVersion) {
  size_t nLine;
  const char *z;

  if (zVersion == NULL)
    return 0;
  nLine = strcspn(zVersion, "\n");
  z = strstr(zVersion, "clang version ");
  if (z == NULL || z >= zVersion + nLine ||
      (z - zVersion >= 6 && strncmp(z - 6, "Apple ", 6) == 0))
    return 0;
  return atoi(z + strlen("clang version "));
}

/*
** Start azArg (azArg[0] looked up on $PATH) with this process's standard
** files; return its pid, or -1.
*/
static pid_t spawn(char **azArg) {
  pid_t pid;
  fflush(stdout);
  fflush(stderr);
  pid = fork();
  if (pid == 0) {
    execvp(azArg[0], azArg);
    cescape_error("cannot run '%s': %s", azArg[0], strerror(errno));
    _exit(CESCAPE_EXIT_USAGE);
  }
  return pid;
}

/*
** The exit status of process pid as a shell reports it (128 + the signal
** that killed it), or -1 when it cannot be waited for.
*/
static int wait_status(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) != pid) {
    if (errno != EINTR)
      return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
** Return true if the compile arguments azArg[0..nArg-1] parse a C source:
** a file ending in .c, and no -E, -M or -MM (preprocessing only).
*/
static int parses_c_source(int nArg, char **azArg) {
  int i, bSource = 0;
  for (i = 0; i < nArg; i++) {
    const char *z = azArg[i];
    size_t n = strlen(z);
    int nSkip;
    if (strcmp(z, "-E") == 0 || strcmp(z, "-M") == 0 || strcmp(z, "-MM") == 0)
      return 0;
    bSource |= z[0] != '-' && n > 2 && strcmp(z + n - 2, ".c") == 0;
    free(syntax_only_argument(z, &nSkip));
    i += nSkip; /* "-o x.c" names no source */
  }
  return bSource;
}

/*
** Append to pA the compile arguments azArg[0..nArg-1] as a -fsyntax-only
** analysis takes them (without outputs), except those Clang refused
** before: the names in pRefused equal to them, or a prefix of them when
** the name ends with '='.
*/
static void append_analysed_args(Argv *pA, int nArg, char **azArg,
                                 const StringList *pRefused) {
  int i, j;
  for (i = 0; i < nArg; i++) {
    int nSkip;
    char *zKept = syntax_only_argument(azArg[i], &nSkip);
    for (j = 0; zKept && j < pRefused->n; j++) {
      const char *zName = pRefused->az[j];
      size_t nName = strlen(zName);
      if (nName > 0 && zName[nName - 1] == '='
              ? strncmp(zKept, zName, nName) == 0
              : strcmp(zKept, zName) == 0) {
        free(zKept);
        zKept = NULL;
      }
    }
    if (zKept)
      argv_append(pA, zKept);
    i += nSkip;
  }
}

/*
** Add to pRefused (as copies) the arguments the Clang driver's output
** zOutput refuses: "error: unknown argument: 'X'", "error: unknown
** argument 'X'; did you mean ...", "error: unsupported argument 'V' to
** option 'O='" (then the option O= is refused, whatever its value).
** Return how many were added.
*/
static int add_refused_args(const char *zOutput, StringList *pRefused) {
  static const char *const azError[] = {"error: unknown argument: '",
                                        "error: unknown argument '",
                                        "error: unsupported argument '"};
  int nAdded = 0;
  const char *zLine;
  for (zLine = zOutput; *zLine;
       zLine += strcspn(zLine, "\n"), zLine += *zLine == '\n') {
    size_t nLine = strcspn(zLine, "\n"), k;
    for (k = 0; k < sizeof(azError) / sizeof(azError[0]); k++) {
      const char *z = strstr(zLine, azError[k]), *zEnd;
      if (z == NULL || z >= zLine + nLine)
        continue;
      z += strlen(azError[k]);
      if (k == 2) { /* the option is the second quoted word */
        z = strstr(z, " to option '");
        if (z == NULL || z >= zLine + nLine)
          break;
        z += strlen(" to option '");
      }
      zEnd = strchr(z, '\'');
      if (zEnd && zEnd < zLine + nLine && zEnd > z) {
        string_list_append(pRefused, mprintf("%.*s", (int)(zEnd - z), z));
        nAdded++;
      }
      break;
    }
  }
  return nAdded;
}

/*
** The first line of zOutput that says "error:", as a copy from xmalloc(),
** or NULL.
*/
static char *first_error(const char *zOutput) {
  const char *z = strstr(zOutput, "error:");
  const char *zStart = z;
  if (z == NULL)
    return NULL;
  while (zStart > zOutput && zStart[-1] != '\n')
    zStart--;
  return mprintf("%.*s", (int)strcspn(zStart, "\n"), zStart);
}

/*
** Run azCompile, the user's compile unchanged, and beside it (at the same
** time) the analysis of its C sources: azUser[0..nUser-1], the user's
** arguments, with -fsyntax-only by the installed Clang that has a plugin.
** Flags that Clang refuses (GCC's own) are left out and the analysis run
** again.  Its messages are shown once the compile has ended, never
** interleaved with the compiler's, and only when the compile succeeded.
** Return the compiler's exit status.
*/
static int compile_beside_analysis(CescapeState *p, char **azCompile, int nUser,
                                   char **azUser) {
  Argv head = {NULL, 0, 0}; /* the analysis's arguments before the user's */
  StringList refused = {NULL, 0};
  char *zPlugin = find_plugin(p, CESCAPE_LLVM_MAJOR, NULL);
  char *zClang = find_program(CESCAPE_CLANG);
  const char *zEnv = getenv("CESCAPE_ARGS");
  FILE *pOut = NULL;
  char *zOutput = NULL;
  pid_t pidCompile;
  int rc, rcAnalysis = -1, iTry, i;

  if (zPlugin == NULL || zClang == NULL) {
    char *zWhy = NULL;
    free(find_plugin(p, CESCAPE_LLVM_MAJOR, &zWhy));
    cescape_warning("%s cannot analyse this compile: %s; compiling without "
                    "cescape",
                    CESCAPE_CLANG, zWhy ? zWhy : "it is not on PATH");
    free(zWhy);
    free(zPlugin);
    free(zClang);
    fflush(stderr);
    execvp(azCompile[0], azCompile);
    cescape_error("cannot run '%s': %s", azCompile[0], strerror(errno));
    return CESCAPE_EXIT_USAGE;
  }
  argv_append(&head, zClang);
  argv_append(&head, xstrdup("-fsyntax-only"));
  argv_append(&head, mprintf("-fplugin=%s", zPlugin));
  if (zEnv)
    argv_append_words(&head, "-fplugin-arg-cescape-", zEnv);
  /* Colours as the terminal gets them from the compiler; the user's own
  ** -fdiagnostics-color comes later and wins. */
  if (isatty(STDERR_FILENO))
    argv_append(&head, xstrdup("-fcolor-diagnostics"));
  free(zPlugin);

  pidCompile = spawn(azCompile);
  /* Refused flags are found by the first try; a second finds those
  ** hidden behind them. */
  for (iTry = 0; iTry < 3 && pidCompile > 0; iTry++) {
    Argv a = {NULL, 0, 0};
    Job job = {NULL, NULL};
    pid_t pid;
    for (i = 0; i < head.nArg; i++)
      argv_append(&a, xstrdup(head.azArg[i]));
    append_analysed_args(&a, nUser, azUser, &refused);
    /* After the user's flags: Clang's own warnings about a unit another
    ** compiler builds are noise, and -Werror must not make them errors
    ** (cescape's diagnostics have no warning group and stay). */
    argv_append(&a, xstrdup("-Wno-everything"));
    job.azArg = a.azArg;
    if (pOut)
      fclose(pOut);
    free(zOutput);
    pOut = tmpfile();
    pid = pOut ? start_job(&job, pOut) : -1;
    rcAnalysis = pid > 0 ? wait_status(pid) : -1;
    zOutput = pOut ? read_output(pOut) : xstrdup("");
    for (i = 0; i < a.nArg; i++)
      free(a.azArg[i]);
    free(a.azArg);
    if (rcAnalysis == 0 || add_refused_args(zOutput, &refused) == 0)
      break;
  }
  rc = pidCompile > 0 ? wait_status(pidCompile) : CESCAPE_EXIT_USAGE;
  if (rc == 0 && zOutput && rcAnalysis == 0) {
    fputs(zOutput, stderr);
  } else if (rc == 0 && zOutput) {
    char *zError = first_error(zOutput);
    cescape_warning("%s could not analyse this compile%s%s; its findings "
                    "are missing",
                    CESCAPE_CLANG, zError ? ": " : "", zError ? zError : "");
    free(zError);
  }
  if (pOut)
    fclose(pOut);
  free(zOutput);
  for (i = 0; i < head.nArg; i++)
    free(head.azArg[i]);
  free(head.azArg);
  for (i = 0; i < refused.n; i++)
    free((char *)refused.az[i]);
  free(refused.az);
  return rc < 0 ? CESCAPE_EXIT_USAGE : rc;
}

/*
** Print the file zPath as a line of a cache key ("WHAT PATH SIZE MTIME":
** what ccache's compiler_check=mtime hashes of a compiler), or "WHAT none".
*/
static void print_file_key(const char *zWhat, const char *zPath) {
  struct stat st;
  if (zPath && stat(zPath, &st) == 0)
    printf("%s %s %lld %lld.%09ld\n", zWhat, zPath, (long long)st.st_size,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  else
    printf("%s none\n", zWhat);
}

/*
** cescape cc --cache-key: print what the findings of a compile by the
** compiler at zCompilerPath (--version output zVersion, Clang major iMajor,
** bRemote if a launcher sends it away) depend on besides its arguments and
** sources: this program, the compiler, the plugin that analyses and the
** Clang that loads it, $CESCAPE_ARGS.  A cache in front of "cescape cc"
** hashes it (ccache's compiler_check), so that a change of any misses.
*/
static void print_cache_key(CescapeState *p, const char *zCompilerPath,
                            const char *zVersion, int iMajor, int bRemote) {
  char *zPlugin = iMajor && !bRemote ? find_plugin(p, iMajor, NULL) : NULL;
  const char *zArgs = getenv("CESCAPE_ARGS");

  printf("cescape %s\n", CESCAPE_VERSION);
  print_file_key("driver", "/proc/self/exe");
  print_file_key("compiler", zCompilerPath);
  fputs(zVersion ? zVersion : "", stdout);
  if (zPlugin) {
    print_file_key("plugin", zPlugin);
  } else { /* analysed beside the compile */
    char *zClang = find_program(CESCAPE_CLANG);
    zPlugin = find_plugin(p, CESCAPE_LLVM_MAJOR, NULL);
    print_file_key("plugin", zPlugin);
    print_file_key("analyser", zClang);
    free(zClang);
  }
  free(zPlugin);
  printf("CESCAPE_ARGS%s%s\n", zArgs ? "=" : " unset", zArgs ? zArgs : "");
}

/*
** cescape cc [<launcher>] [<compiler>] [<compiler args>...]
*/
int cmd_cc(CescapeState *p, int nArg, char **azArg) {
  Argv a = {NULL, 0, 0};
  int bKey = nArg > 1 && strcmp(azArg[1], "--cache-key") == 0;
  int iArg = 1 + bKey;  /* First of the caller's arguments for the compiler */
  int iCompiler;        /* Index of the compiler in a.azArg[] */
  int bRemote = 0;      /* True if a launcher compiles on another machine */
  int bParses;          /* True if the compile parses a C source */
  char *zCompilerPath;  /* Where the compiler was found */
  char *zReal;          /* The file it is, links followed */
  char *zVersion;       /* What the compiler's --version says */
  char *zPlugin = NULL; /* The plugin for the compiler, if it has one */
  const char *zEnv;
  int i, iMajor, iLauncher;

  /* The launcher and compiler: given, or $CESCAPE_CC, or the default. */
  if (iArg < nArg && launcher_index(azArg[iArg]) >= 0)
    argv_append(&a, xstrdup(azArg[iArg++]));
  if (iArg < nArg && is_compiler(azArg[iArg])) {
    argv_append(&a, xstrdup(azArg[iArg++]));
  } else if ((zEnv = getenv("CESCAPE_CC")) != NULL &&
             zEnv[strspn(zEnv, CC_SPACE)] != 0) {
    argv_append_words(&a, "", zEnv);
  } else {
    argv_append(&a, xstrdup(CESCAPE_CLANG));
  }
  for (iCompiler = 0; iCompiler < a.nArg - 1; iCompiler++) {
    if ((iLauncher = launcher_index(a.azArg[iCompiler])) < 0)
      break;
    bRemote |= aLauncher[iLauncher].bRemote;
  }

  zCompilerPath = find_program(a.azArg[iCompiler]);
  if (zCompilerPath == NULL) {
    cescape_error("cannot find the compiler '%s' (name it: cescape cc "
                  "<compiler> ..., or set CESCAPE_CC)",
                  a.azArg[iCompiler]);
    for (i = 0; i < a.nArg; i++)
      free(a.azArg[i]);
    free(a.azArg);
    return CESCAPE_EXIT_USAGE;
  }
  /* A launcher's link named like a compiler (/usr/lib/icecc/bin/clang) is
  ** that launcher, which runs the compiler of that name found after it on
  ** $PATH. */
  zReal = realpath(zCompilerPath, NULL);
  if (zReal && (iLauncher = launcher_index(zReal)) >= 0)
    bRemote |= aLauncher[iLauncher].bRemote;
  free(zReal);
  zVersion = compiler_version(zCompilerPath);
  iMajor = clang_major(zVersion);
  if (bKey) {
    if (iArg < nArg)
      cescape_error("--cache-key takes a launcher and a compiler, got '%s'",
                    azArg[iArg]);
    else
      print_cache_key(p, zCompilerPath, zVersion, iMajor, bRemote);
    for (i = 0; i < a.nArg; i++)
      free(a.azArg[i]);
    free(a.azArg);
    free(zCompilerPath);
    free(zVersion);
    return iArg < nArg ? CESCAPE_EXIT_USAGE : CESCAPE_EXIT_OK;
  }
  free(zCompilerPath);
  free(zVersion);
  /* Only a compile of C sources gets the plugin: a link has nothing to
  ** analyse, and Clang before 19 warns there that the plugin's arguments
  ** are unused. */
  bParses = parses_c_source(nArg - iArg, azArg + iArg);
  if (iMajor && !bRemote && bParses)
    zPlugin = find_plugin(p, iMajor, NULL);

  if (zPlugin == NULL && bParses) {
    for (i = iArg; i < nArg; i++)
      argv_append(&a, azArg[i]);
    return compile_beside_analysis(p, a.azArg, nArg - iArg, azArg + iArg);
  }
  if (zPlugin) {
    argv_append(&a, mprintf("-fplugin=%s", zPlugin));
    zEnv = getenv("CESCAPE_ARGS");
    if (zEnv)
      argv_append_words(&a, "-fplugin-arg-cescape-", zEnv);
    free(zPlugin);
  }
  for (i = iArg; i < nArg; i++)
    argv_append(&a, azArg[i]);
  fflush(stdout);
  fflush(stderr);
  execvp(a.azArg[0], a.azArg);
  cescape_error("cannot run '%s': %s", a.azArg[0], strerror(errno));
  return CESCAPE_EXIT_USAGE;
}
