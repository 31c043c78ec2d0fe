/*
** cmd_cc.c - "cescape cc": a compiler wrapper that loads the plugin.
**
**   cescape cc [<launcher>] [<compiler>] [<compiler args>...]
**
** It execs the compiler with -fplugin=<plugin> and the plugin arguments from
** $CESCAPE_ARGS put in front of the caller's arguments, so that
** make CC="cescape cc" analyses every file the build compiles.  The build
** must never break because of cescape: a compiler that cannot load the
** plugin (GCC, another major of Clang) is replaced by the matching Clang, and
** when that or the plugin is missing the compile runs without the plugin.
*/
#include "cescape.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
** Usage of "cescape cc".
*/
/* clang-format off */
const char cmd_cc_usage[] =
  "usage: cescape cc [<compiler>] [<compiler args>...]\n"
  "\n"
  "Run a C compiler with the cescape plugin loaded, for builds:\n"
  "  make CC=\"cescape cc\"\n"
  "  cmake -DCMAKE_C_COMPILER=" CESCAPE_CLANG " -DCMAKE_C_COMPILER_LAUNCHER=\"cescape;cc\"\n"
  "\n"
  "The compiler is <compiler> when the first argument is a program named\n"
  "like a C compiler (cc, gcc, clang, optionally with a target before and\n"
  "a version after: x86_64-linux-gnu-gcc-12), else $CESCAPE_CC, else\n"
  CESCAPE_CLANG ". A compiler launcher (ccache, sccache, distcc) may come\n"
  "first. GCC and other majors of Clang cannot load the plugin: cescape\n"
  "warns and runs " CESCAPE_CLANG " instead; without a plugin it warns and\n"
  "compiles without it. The exit status is the compiler's.\n"
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
** Programs that run the compiler named by their first argument.
*/
static const char *const azLauncher[] = {"ccache", "sccache", "distcc"};

/*
** Return true if zArg names an installed compiler launcher (ccache...).
*/
static int is_launcher(const char *zArg) {
  const char *zBase = path_basename(zArg);
  size_t i;
  char *zPath;

  for (i = 0; i < sizeof(azLauncher) / sizeof(azLauncher[0]); i++) {
    if (strcmp(zBase, azLauncher[i]) == 0)
      break;
  }
  if (i == sizeof(azLauncher) / sizeof(azLauncher[0]))
    return 0;
  zPath = find_program(zArg);
  free(zPath);
  return zPath != NULL;
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
** Return true if zName, the name of a compiler program, says it is GCC: one
** of its '-'-separated parts is "gcc" or "g++", as in "gcc", "gcc-12" or
** "x86_64-linux-gnu-g++-12".
*/
static int name_is_gcc(const char *zName) {
  while (*zName) {
    size_t n = strcspn(zName, "-");
    if (n == 3 &&
        (strncmp(zName, "gcc", 3) == 0 || strncmp(zName, "g++", 3) == 0))
      return 1;
    zName += n;
    zName += strspn(zName, "-");
  }
  return 0;
}

/*
** Return the Clang major version spelt in zName, the name of a clang
** program ("clang-14", "clang++-14"), or 0.
*/
static int name_clang_major(const char *zName) {
  if (strncmp(zName, "clang", 5) != 0)
    return 0;
  zName += 5;
  if (strncmp(zName, "++", 2) == 0)
    zName += 2;
  if (zName[0] != '-' || zName[1] < '1' || zName[1] > '9' ||
      zName[strspn(zName + 1, "0123456789") + 1] != 0)
    return 0;
  return atoi(zName + 1);
}

/*
** Return the Clang major version of the LLVM installation zPath lies in,
** as in "/usr/lib/llvm-14/bin/clang", or 0.
*/
static int path_llvm_major(const char *zPath) {
  const char *z = zPath;
  while ((z = strstr(z, "/llvm-")) != NULL) {
    size_t nDigit;
    z += 6;
    nDigit = strspn(z, "0123456789");
    if (nDigit > 0 && z[nDigit] == '/')
      return atoi(z);
  }
  return 0;
}

/*
** If the compiler zName, found at zPath, cannot load the plugin, return a
** sentence saying why (memory from xmalloc()); else NULL.  GCC is recognised
** by its name or the name of the file its symlinks lead to ("cc" is often
** GCC), another major of Clang by its name or the LLVM directory it lives
** in ("clang" may well be Clang 14 while the plugin is for Clang 19).
*/
static char *why_no_plugin(const char *zName, const char *zPath) {
  const char *zBase = path_basename(zName);
  char *zReal = realpath(zPath, NULL);
  const char *zRealBase = zReal ? path_basename(zReal) : zBase;
  char *zWhy = NULL;
  int iMajor;

  if (name_is_gcc(zBase) || name_is_gcc(zRealBase)) {
    zWhy = mprintf("'%s' is GCC, which cannot load a Clang plugin", zName);
  } else if (strstr(zBase, "clang") || strstr(zRealBase, "clang")) {
    iMajor = name_clang_major(zBase);
    if (iMajor == 0)
      iMajor = name_clang_major(zRealBase);
    if (iMajor == 0 && zReal)
      iMajor = path_llvm_major(zReal);
    if (iMajor != 0 && iMajor != CESCAPE_LLVM_MAJOR)
      zWhy = mprintf("'%s' is Clang %d, which cannot load a plugin built for "
                     "Clang %d",
                     zName, iMajor, CESCAPE_LLVM_MAJOR);
  }
  free(zReal);
  return zWhy;
}

/*
** cescape cc [<launcher>] [<compiler>] [<compiler args>...]
*/
int cmd_cc(CescapeState *p, int nArg, char **azArg) {
  Argv a = {NULL, 0, 0};
  int iArg = 1;         /* First of the caller's arguments for the compiler */
  int iCompiler;        /* Index of the compiler in a.azArg[] */
  int bPlugin = 1;      /* True to load the plugin */
  char *zCompilerPath;  /* Where the compiler was found */
  char *zWhy;           /* Why the compiler cannot load the plugin */
  char *zPlugin = NULL; /* Path of the plugin */
  const char *zEnv;
  int i;

  /* The launcher and compiler: given, or $CESCAPE_CC, or the default. */
  if (iArg < nArg && is_launcher(azArg[iArg]))
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
    if (!is_launcher(a.azArg[iCompiler]))
      break;
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

  /* A compiler that cannot load the plugin gives way to one that can. */
  zWhy = why_no_plugin(a.azArg[iCompiler], zCompilerPath);
  if (zWhy) {
    const char *zCxx = strstr(path_basename(a.azArg[iCompiler]), "++");
    char *zClang = mprintf("clang%s-%d", zCxx ? "++" : "", CESCAPE_LLVM_MAJOR);
    char *zClangPath = find_program(zClang);
    if (zClangPath) {
      cescape_warning("%s; compiling with %s instead", zWhy, zClang);
      free(a.azArg[iCompiler]);
      a.azArg[iCompiler] = zClang;
      free(zClangPath);
    } else {
      cescape_warning("%s, and %s is not on PATH; compiling without "
                      "cescape",
                      zWhy, zClang);
      free(zClang);
      bPlugin = 0;
    }
    free(zWhy);
  }
  free(zCompilerPath);

  if (bPlugin) {
    zPlugin = find_plugin(p, CESCAPE_LLVM_MAJOR, &zWhy);
    if (zPlugin == NULL) {
      cescape_warning("%s; compiling without cescape", zWhy);
      free(zWhy);
      bPlugin = 0;
    }
  }
  if (bPlugin) {
    argv_append(&a, mprintf("-fplugin=%s", zPlugin));
    zEnv = getenv("CESCAPE_ARGS");
    if (zEnv)
      argv_append_words(&a, "-fplugin-arg-cescape-", zEnv);
    free(zPlugin);
  }
  for (; iArg < nArg; iArg++)
    argv_append(&a, azArg[iArg]);

  fflush(stdout);
  fflush(stderr);
  execvp(a.azArg[0], a.azArg);
  cescape_error("cannot run '%s': %s", a.azArg[0], strerror(errno));
  return CESCAPE_EXIT_USAGE;
}
