/*
** util.c - helpers shared by the commands of the cescape driver: memory,
** messages, option matching, and finding programs and the plugin.
*/
#include "cescape.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
** Allocate n bytes or exit.  The driver is short-lived and has nothing
** useful to do when memory runs out.
*/
void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (p == NULL) {
    fprintf(stderr, "cescape: out of memory\n");
    exit(CESCAPE_EXIT_USAGE);
  }
  return p;
}

/*
** A copy of string z in memory from xmalloc().
*/
char *xstrdup(const char *z) {
  size_t n = strlen(z) + 1;
  return memcpy(xmalloc(n), z, n);
}

/*
** Format like printf() into memory from xmalloc().
*/
char *mprintf(const char *zFormat, ...) {
  va_list ap;
  int n;
  char *z;

  va_start(ap, zFormat);
  n = vsnprintf(NULL, 0, zFormat, ap);
  va_end(ap);
  if (n < 0) {
    fprintf(stderr, "cescape: bad format string '%s'\n", zFormat);
    exit(CESCAPE_EXIT_USAGE);
  }
  z = xmalloc((size_t)n + 1);
  va_start(ap, zFormat);
  vsnprintf(z, (size_t)n + 1, zFormat, ap);
  va_end(ap);
  return z;
}

/*
** Print "<zPrefix><message>" and a newline on stderr.
*/
static void report(const char *zPrefix, const char *zFormat, va_list ap) {
  fputs(zPrefix, stderr);
  vfprintf(stderr, zFormat, ap);
  fputc('\n', stderr);
}

/*
** Print "cescape: <message>" on stderr.
*/
void cescape_error(const char *zFormat, ...) {
  va_list ap;
  va_start(ap, zFormat);
  report("cescape: ", zFormat, ap);
  va_end(ap);
}

/*
** Print "cescape: warning: <message>" on stderr.
*/
void cescape_warning(const char *zFormat, ...) {
  va_list ap;
  va_start(ap, zFormat);
  report("cescape: warning: ", zFormat, ap);
  va_end(ap);
}

/*
** Return true if argument zArg is the option with short form "-<cShort>"
** or long form "--<zLong>".  Either form may be absent (cShort 0 or zLong
** NULL).  The jq way of matching options, without getopt.
*/
int isoption(const char *zArg, char cShort, const char *zLong) {
  if (zArg[0] != '-')
    return 0;
  if (cShort && zArg[1] == cShort && zArg[2] == 0)
    return 1;
  return zLong && zArg[1] == '-' && strcmp(zArg + 2, zLong) == 0;
}

/*
** The last component of zPath: the text after its last '/'.
*/
const char *path_basename(const char *zPath) {
  const char *zSlash = strrchr(zPath, '/');
  return zSlash ? zSlash + 1 : zPath;
}

/*
** Return true if zPath is a regular file this process may execute.
*/
int is_executable(const char *zPath) {
  struct stat st;
  return stat(zPath, &st) == 0 && S_ISREG(st.st_mode) &&
         access(zPath, X_OK) == 0;
}

/*
** Return true if zPath is an existing regular file.
*/
static int is_file(const char *zPath) {
  struct stat st;
  return stat(zPath, &st) == 0 && S_ISREG(st.st_mode);
}

/*
** Find program zName the way execvp() will: a name containing '/' is a path,
** any other is looked up in $PATH (an empty entry is the current directory).
** Return the path found in memory from xmalloc(), or NULL.
*/
char *find_program(const char *zName) {
  const char *zPath = getenv("PATH");
  const char *zDir;

  if (zName[0] == 0)
    return NULL;
  if (strchr(zName, '/'))
    return is_executable(zName) ? xstrdup(zName) : NULL;
  if (zPath == NULL)
    zPath = "/bin:/usr/bin"; /* what glibc's execvp() uses */
  for (zDir = zPath;; zDir++) {
    size_t nDir = strcspn(zDir, ":");
    char *zTry = nDir ? mprintf("%.*s/%s", (int)nDir, zDir, zName)
                      : mprintf("./%s", zName);
    if (is_executable(zTry))
      return zTry;
    free(zTry);
    zDir += nDir;
    if (*zDir == 0)
      break;
  }
  return NULL;
}

/*
** The absolute path of the running executable, in memory from xmalloc(), or
** NULL.  Linux tells it in /proc/self/exe; elsewhere argv[0] is resolved,
** through $PATH if it has no '/'.
*/
static char *self_path(const char *zArgv0) {
  size_t nBuf = 256;
  char *zFound;
  char *zReal;

  for (;;) {
    char *zBuf = xmalloc(nBuf);
    ssize_t n = readlink("/proc/self/exe", zBuf, nBuf);
    if (n < 0) {
      free(zBuf);
      break;
    }
    if ((size_t)n < nBuf) {
      zBuf[n] = 0;
      return zBuf;
    }
    free(zBuf);
    nBuf *= 2;
  }
  if (zArgv0 == NULL || (zFound = find_program(zArgv0)) == NULL)
    return NULL;
  zReal = realpath(zFound, NULL);
  free(zFound);
  return zReal; /* from malloc(), like xmalloc() */
}

/*
** The absolute directory of the running executable, in memory from
** xmalloc(), or NULL if it cannot be found.
*/
char *self_dir(const char *zArgv0) {
  char *zPath = self_path(zArgv0);
  char *zSlash;

  if (zPath == NULL)
    return NULL;
  zSlash = strrchr(zPath, '/');
  if (zSlash == NULL) {
    free(zPath);
    return NULL;
  }
  if (zSlash == zPath)
    zSlash++; /* the executable sits in "/" */
  *zSlash = 0;
  return zPath;
}

/*
** The plugin for Clang iMajor: its path in memory from xmalloc().  Looked
** for in order: $CESCAPE_PLUGIN (for the driver's own major: the one that
** runs by default), cescape-<major>.so beside the executable (a build tree),
** ../lib/cescape/cescape-<major>.so from it (an installed tree, wherever its
** prefix is), and a cescape.so beside it (a copy of the build's pair).
** When none exists, return NULL and, if pzWhy is not NULL, set *pzWhy to a
** sentence saying where it was looked for (memory from xmalloc()).
*/
char *find_plugin(CescapeState *p, int iMajor, char **pzWhy) {
  const char *zEnv = getenv("CESCAPE_PLUGIN");
  char *azTry[3];
  int nTry = 0, i;
  char *zFound = NULL;

  if (zEnv && zEnv[0] && iMajor == CESCAPE_LLVM_MAJOR) {
    if (is_file(zEnv))
      return xstrdup(zEnv);
    if (pzWhy)
      *pzWhy = mprintf("cannot find the plugin: $CESCAPE_PLUGIN is '%s', "
                       "which is no file",
                       zEnv);
    return NULL;
  }
  if (p->zSelfDir == NULL) {
    if (pzWhy)
      *pzWhy = xstrdup("cannot find the plugin: the directory of this "
                       "executable is unknown (set CESCAPE_PLUGIN)");
    return NULL;
  }
  {
    /* zSelfDir has no symbolic links: its parent is the text before its
    ** last '/' ("" for "/bin": the root). */
    const char *zSep = strcmp(p->zSelfDir, "/") ? "/" : "";
    int nParent = (int)(strrchr(p->zSelfDir, '/') - p->zSelfDir);
    azTry[nTry++] = mprintf("%s%scescape-%d.so", p->zSelfDir, zSep, iMajor);
    azTry[nTry++] = mprintf("%.*s/" CESCAPE_PLUGIN_DIR "/cescape-%d.so",
                            nParent, p->zSelfDir, iMajor);
    if (iMajor == CESCAPE_LLVM_MAJOR)
      azTry[nTry++] = mprintf("%s%scescape.so", p->zSelfDir, zSep);
  }
  for (i = 0; i < nTry && zFound == NULL; i++) {
    if (is_file(azTry[i]))
      zFound = xstrdup(azTry[i]);
  }
  if (zFound == NULL && pzWhy)
    *pzWhy = mprintf("cannot find the plugin for Clang %d: none of %s%s%s%s%s "
                     "exists",
                     iMajor, azTry[0], nTry > 2 ? ", " : " and ", azTry[1],
                     nTry > 2 ? " and " : "", nTry > 2 ? azTry[2] : "");
  for (i = 0; i < nTry; i++)
    free(azTry[i]);
  return zFound;
}

/*
** Append zArg (not copied) to pArgv, keeping it NULL-terminated.
*/
void argv_append(Argv *pArgv, char *zArg) {
  if (pArgv->nArg + 2 > pArgv->nAlloc) {
    int nNew = pArgv->nAlloc ? 2 * pArgv->nAlloc : 16;
    char **azNew = xmalloc(sizeof(char *) * (size_t)nNew);
    if (pArgv->nArg)
      memcpy(azNew, pArgv->azArg, sizeof(char *) * (size_t)pArgv->nArg);
    free(pArgv->azArg);
    pArgv->azArg = azNew;
    pArgv->nAlloc = nNew;
  }
  pArgv->azArg[pArgv->nArg++] = zArg;
  pArgv->azArg[pArgv->nArg] = NULL;
}

/*
** Append each white-space separated word of zText to pArgv, as a copy
** prefixed by zPrefix.
*/
void argv_append_words(Argv *pArgv, const char *zPrefix, const char *zText) {
  static const char zSpace[] = " \t\n\r\v\f";
  for (;;) {
    size_t nWord;
    zText += strspn(zText, zSpace);
    nWord = strcspn(zText, zSpace);
    if (nWord == 0)
      break;
    argv_append(pArgv, mprintf("%s%.*s", zPrefix, (int)nWord, zText));
    zText += nWord;
  }
}

/*
** The length of the valid UTF-8 sequence z starts with, or 0 (overlong
** forms, surrogates and code points past U+10FFFF are invalid).
*/
static int utf8_length(const unsigned char *z) {
  unsigned char c = z[0];
  int n = c < 0x80                 ? 1
          : c >= 0xC2 && c <= 0xDF ? 2
          : c >= 0xE0 && c <= 0xEF ? 3
          : c >= 0xF0 && c <= 0xF4 ? 4
                                   : 0;
  unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
  unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
  int i;
  for (i = 1; i < n; i++) {
    if (z[i] < (i == 1 ? lo : 0x80) || z[i] > (i == 1 ? hi : 0xBF))
      return 0;
  }
  return n;
}

/*
** Write string z to out as valid UTF-8: each byte that starts no valid
** sequence becomes U+FFFD. JSON must be UTF-8 (GitHub refuses a SARIF file
** that is not), and a path or name in Latin-1 is not.
*/
void utf8_write(FILE *out, const char *z) {
  const unsigned char *zRun = (const unsigned char *)z, *p = zRun;
  while (*p) {
    int n = utf8_length(p);
    if (n) {
      p += n;
      continue;
    }
    fwrite(zRun, 1, (size_t)(p - zRun), out);
    fputs("\xef\xbf\xbd", out);
    zRun = ++p;
  }
  fputs((const char *)zRun, out);
}

/*
** Options that write a file (object, dependencies, temporaries, traces) or
** print the compiler's own commands, and whose value, when they take one,
** is the next argument.  A -fsyntax-only analysis drops them: it must never
** write or print what the build's own compile does.
*/
static const char *const azOutputWithValue[] = {"-o",
                                                "-MF",
                                                "-MT",
                                                "-MQ",
                                                "-MJ",
                                                "--output",
                                                "--serialize-diagnostics",
                                                "-serialize-diagnostics",
                                                "-dependency-dot",
                                                "-dependency-file"};
/* (Clang's long spellings too: gcc takes --save-temps and
** --write-dependencies, and both compilers would write the same x.i, x.d.) */
static const char *const azOutputFlag[] = {"-c",
                                           "-S",
                                           "-M",
                                           "-MM",
                                           "-MD",
                                           "-MMD",
                                           "-MP",
                                           "-MG",
                                           "-###",
                                           "-v",
                                           "-save-temps",
                                           "--save-temps",
                                           "-save-stats",
                                           "--save-stats",
                                           "--write-dependencies",
                                           "--write-user-dependencies"};
/* ... and those that take their value joined ("-MFdeps.d", "-fplugin=X":
** another compiler's plugin is no business of the analysis). */
static const char *const azOutputPrefix[] = {"-o",
                                             "-MF",
                                             "-MT",
                                             "-MQ",
                                             "-MJ",
                                             "--output=",
                                             "-save-temps=",
                                             "--save-temps=",
                                             "-save-stats=",
                                             "--save-stats=",
                                             "-ftime-trace",
                                             "-fproc-stat-report",
                                             "-fplugin=",
                                             "-fplugin-arg-",
                                             "--serialize-diagnostics="};

/*
** Whether zArg is one of the n strings of az[]; with bPrefix, whether it
** starts with one of them.
*/
static int in_list(const char *zArg, const char *const *az, size_t n,
                   int bPrefix) {
  size_t i;
  for (i = 0; i < n; i++) {
    if (bPrefix ? strncmp(zArg, az[i], strlen(az[i])) == 0
                : strcmp(zArg, az[i]) == 0)
      return 1;
  }
  return 0;
}
#define IN_LIST(zArg, az, bPrefix)                                             \
  in_list(zArg, az, sizeof(az) / sizeof(az[0]), bPrefix)

/*
** Compiler argument zArg as a -fsyntax-only analysis of the same unit
** takes it: NULL when it is dropped (*pnSkip then counts the following
** arguments that go with it), else a copy from xmalloc().  -Wp,... keeps
** its preprocessor options but the dependency file ones (the kernel's
** -Wp,-MMD,dir/.x.o.d would otherwise be written again).
*/
char *syntax_only_argument(const char *zArg, int *pnSkip) {
  *pnSkip = 0;
  if (IN_LIST(zArg, azOutputWithValue, 0)) {
    *pnSkip = 1;
    return NULL;
  }
  if (IN_LIST(zArg, azOutputFlag, 0) || IN_LIST(zArg, azOutputPrefix, 1))
    return NULL;
  if (strncmp(zArg, "-Wp,", 4) == 0) {
    Argv kept = {NULL, 0, 0};
    char *zCopy = xstrdup(zArg + 4), *zPart, *zSave = NULL, *zOut;
    int i, bSkipNext = 0;
    for (zPart = strtok_r(zCopy, ",", &zSave); zPart;
         zPart = strtok_r(NULL, ",", &zSave)) {
      if (bSkipNext)
        bSkipNext = 0;
      else if (IN_LIST(zPart, azOutputFlag, 0) && strncmp(zPart, "-M", 2) == 0)
        bSkipNext = strcmp(zPart, "-MD") == 0 || strcmp(zPart, "-MMD") == 0;
      else if (IN_LIST(zPart, azOutputWithValue, 0))
        bSkipNext = 1;
      else if (!IN_LIST(zPart, azOutputPrefix, 1))
        argv_append(&kept, zPart);
    }
    zOut = kept.nArg ? xstrdup("-Wp") : NULL;
    for (i = 0; i < kept.nArg; i++) {
      char *zNext = mprintf("%s,%s", zOut, kept.azArg[i]);
      free(zOut);
      zOut = zNext;
    }
    free(kept.azArg);
    free(zCopy);
    return zOut;
  }
  return xstrdup(zArg);
}

/*
** The whole content of file zPath, NUL-terminated, its length in *pn when
** pn is not NULL, or NULL (errno set).
*/
char *read_file(const char *zPath, size_t *pn) {
  FILE *in = fopen(zPath, "rb");
  char *z = NULL;
  size_t n = 0, nAlloc = 0, nRead;
  if (in == NULL)
    return NULL;
  do {
    if (n + 4096 + 1 > nAlloc) {
      char *zNew;
      nAlloc = 2 * nAlloc + 8192;
      zNew = xmalloc(nAlloc);
      if (n)
        memcpy(zNew, z, n);
      free(z);
      z = zNew;
    }
    nRead = fread(z + n, 1, 4096, in);
    n += nRead;
  } while (nRead > 0);
  fclose(in);
  z[n] = 0;
  if (pn)
    *pn = n;
  return z;
}

/*
** Whether zGit (a .git file) is a submodule's: it points into the
** superproject's .git/modules/, and the superproject is the root.
*/
static int is_submodule_git(const char *zGit) {
  char *zText = read_file(zGit, NULL);
  int bSubmodule =
      zText != NULL && strncmp(zText, "gitdir:", 7) == 0 &&
      (strstr(zText, "/modules/") != NULL ||
       strncmp(zText + 7 + strspn(zText + 7, " "), "modules/", 8) == 0);
  free(zText);
  return bSubmodule;
}

/*
** Whether zGit (in directory zDir) marks a project's top: this user's, or
** in a directory that is not world-writable (the plugin's trustedGit():
** another user's .git planted in a shared /tmp is no root).
*/
static int trusted_git(const char *zDir, const char *zGit) {
  struct stat st;
  if (lstat(zGit, &st) != 0)
    return 0;
  if (st.st_uid == geteuid())
    return 1;
  return stat(zDir[0] ? zDir : "/", &st) == 0 && (st.st_mode & S_IWOTH) == 0;
}

/*
** The nearest directory above the current one (or itself) holding a .git
** (trusted_git()), a submodule's passed over (the plugin's rule, README
** "Paths and the project root"), else the current one, in memory from
** xmalloc().
*/
char *project_root(void) {
  char *zCwd = getcwd(NULL, 0);
  char *zDir;
  if (zCwd == NULL)
    return xstrdup(".");
  zDir = xstrdup(zCwd);
  for (;;) {
    struct stat st;
    char *zGit = mprintf("%s/.git", zDir);
    char *zSlash;
    int bFound = trusted_git(zDir, zGit) && stat(zGit, &st) == 0 &&
                 !(S_ISREG(st.st_mode) && is_submodule_git(zGit));
    free(zGit);
    if (bFound) {
      free(zCwd);
      return zDir;
    }
    zSlash = strrchr(zDir, '/');
    if (zSlash == NULL || zSlash == zDir)
      break;
    *zSlash = 0;
  }
  free(zDir);
  return zCwd; /* from malloc(), like xmalloc() */
}
