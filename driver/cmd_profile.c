/*
** cmd_profile.c - "cescape profile": run a program under the preloaded heap
** profiler (profile/preload.c), write the samples as a gzipped pprof
** profile and, with --db, join them to the database's allocation findings.
**
**   cescape profile [-o FILE] [--rate BYTES] [--db FILE] -- PROGRAM ARGS...
*/
#include "cescape.h"

#include "profile.h"
#include "raw.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CESCAPE_PROFILER_INSTALL_PATH
#define CESCAPE_PROFILER_INSTALL_PATH                                          \
  "/usr/local/lib/cescape/libcescape-profile.so"
#endif
#define CESCAPE_PROFILER_NAME "libcescape-profile.so"

/* clang-format off */
const char cmd_profile_usage[] =
  "usage: cescape profile [-o FILE] [--rate BYTES] [--db FILE] -- PROGRAM [ARGS...]\n"
  "\n"
  "Run PROGRAM with a heap profiler preloaded (LD_PRELOAD) and write what\n"
  "it allocated as a gzipped pprof profile (go tool pprof, cescape top):\n"
  "alloc_objects, alloc_space, inuse_objects and inuse_space per call\n"
  "stack, with file:line:col from the programs' DWARF (build with -g).\n"
  "Allocations are sampled like Go's MemProfileRate: one sample per BYTES\n"
  "allocated on average, counts scaled back up; --rate 1 records every\n"
  "allocation. Threads, fork and exec are followed (each process writes\n"
  "its own samples; a fork child starts with none). A statically linked\n"
  "PROGRAM cannot be profiled.\n"
  "\n"
  "With --db, each sample is attributed to the allocation finding at its\n"
  "call site, past the allocator wrappers the database knows, and the\n"
  "counts per site replace the database's profile (table profile_sites;\n"
  "see cescape list --sort alloc_objects).\n"
  "\n"
  "Exits with PROGRAM's exit status (128 + N when killed by signal N).\n"
  "\n"
  "Options:\n"
  "  -o, --output F  The profile (default: cescape.pb.gz)\n"
  "  --rate BYTES    Bytes per sample on average (default: 524288)\n"
  "  --db FILE       Join the samples to this database's findings\n";
/* clang-format on */

/* The profiler library beside this executable or where it is installed. */
static char *find_profiler(CescapeState *p) {
  if (p->zSelfDir) {
    char *z = mprintf("%s/%s", p->zSelfDir, CESCAPE_PROFILER_NAME);
    if (access(z, R_OK) == 0)
      return z;
    free(z);
  }
  if (access(CESCAPE_PROFILER_INSTALL_PATH, R_OK) == 0)
    return xstrdup(CESCAPE_PROFILER_INSTALL_PATH);
  cescape_error("cannot find the profiler library %s (next to cescape or "
                "%s)",
                CESCAPE_PROFILER_NAME, CESCAPE_PROFILER_INSTALL_PATH);
  return NULL;
}

/*
** Nonzero, after saying so, when zPath is an ELF executable without a
** program interpreter: statically linked, its allocator cannot be
** interposed. Anything else (a script, an unreadable file) is left to exec.
*/
static int is_static_elf(const char *zPath) {
  int fd = open(zPath, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  Elf64_Ehdr eh;
  int bStatic = 0;
  if (read(fd, &eh, sizeof eh) == (ssize_t)sizeof eh &&
      memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 &&
      eh.e_ident[EI_CLASS] == ELFCLASS64 &&
      (eh.e_type == ET_EXEC || eh.e_type == ET_DYN)) {
    bStatic = 1;
    for (int i = 0; i < eh.e_phnum && bStatic; i++) {
      Elf64_Phdr ph;
      off_t at = (off_t)(eh.e_phoff + (uint64_t)i * eh.e_phentsize);
      if (pread(fd, &ph, sizeof ph, at) != (ssize_t)sizeof ph)
        bStatic = 0; /* unreadable: let exec judge */
      else if (ph.p_type == PT_INTERP)
        bStatic = 0;
    }
  }
  close(fd);
  if (bStatic)
    cescape_error("'%s' is statically linked: its allocator cannot be "
                  "interposed (LD_PRELOAD needs a dynamically linked "
                  "program)",
                  zPath);
  return bStatic;
}

/* Run azArg with the profiler; its wait status, or -1 if it did not start. */
static int run_profiled(const char *zLib, const char *zOut, const char *zRate,
                        char **azArg) {
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    cescape_error("cannot fork: %s", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    const char *zOld = getenv("LD_PRELOAD");
    char *zPreload =
        zOld && *zOld ? mprintf("%s:%s", zLib, zOld) : xstrdup(zLib);
    if (setenv("LD_PRELOAD", zPreload, 1) ||
        setenv(CESCAPE_PROFILE_ENV_OUT, zOut, 1) ||
        setenv(CESCAPE_PROFILE_ENV_RATE, zRate, 1))
      _exit(127);
    execvp(azArg[0], azArg);
    cescape_error("cannot run '%s': %s", azArg[0], strerror(errno));
    _exit(127);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return status;
}

/* Remove the raw files' directory and what is in it. */
static void remove_raw_dir(const char *zDir) {
  DIR *dir = opendir(zDir);
  if (dir) {
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      char *zPath = mprintf("%s/%s", zDir, e->d_name);
      unlink(zPath);
      free(zPath);
    }
    closedir(dir);
  }
  rmdir(zDir);
}

/* The command line, for the database's record of the run. */
static char *describe_run(char **azProgram) {
  char *z = xstrdup("");
  for (int i = 0; azProgram[i]; i++) {
    char *zNext = mprintf("%s%s%s", z, i ? " " : "", azProgram[i]);
    free(z);
    z = zNext;
  }
  return z;
}

/* Symbolise the run's raw files in zDir, write zOut, join to zDb. */
static int finish_profile(const char *zDir, long rate, const char *zOut,
                          const char *zDb, char **azProgram) {
  Profile prof;
  char *zErr = NULL;
  int nFile = 0;
  if (profile_build(&prof, zDir, rate, &nFile, &zErr)) {
    cescape_error("%s", zErr);
    free(zErr);
    profile_free(&prof);
    return 1;
  }
  if (nFile == 0) {
    cescape_error("'%s' wrote no profile: it ran without the profiler "
                  "(a set-user-ID program, or one that clears LD_PRELOAD)",
                  azProgram[0]);
    profile_free(&prof);
    return 1;
  }
  int rc = profile_write(&prof, zOut);
  if (rc)
    cescape_error("cannot write '%s': %s", zOut, strerror(rc));
  else
    fprintf(stderr,
            "cescape profile: %zu call stacks from %d process%s "
            "written to %s\n",
            prof.nSample, nFile, nFile == 1 ? "" : "es", zOut);
  if (rc == 0 && zDb) {
    JoinStats stats;
    char *zCommand = describe_run(azProgram);
    rc = profile_join(&prof, zDb, zCommand, &stats);
    free(zCommand);
    if (rc == 0)
      fprintf(stderr,
              "cescape profile: %lld of %lld allocations attributed "
              "to %d allocation site%s of %s\n",
              (long long)stats.nJoinedObjects, (long long)stats.nAllocObjects,
              stats.nSites, stats.nSites == 1 ? "" : "s", zDb);
  }
  profile_free(&prof);
  return rc != 0;
}

int cmd_profile(CescapeState *p, int nArg, char **azArg) {
  const char *zOut = "cescape.pb.gz";
  const char *zDb = NULL;
  long rate = CESCAPE_PROFILE_DEFAULT_RATE;
  StringList before = {0};
  const CommandOption aOpt[] = {{'o', "output", .pzString = &zOut},
                                {0, "rate", .pnCount = &rate},
                                {0, "db", .pzString = &zDb},
                                {0}};
  /* Only what precedes "--" is cescape's: the program's options are its. */
  int iDash = 1, rc;
  while (iDash < nArg && strcmp(azArg[iDash], "--") != 0)
    iDash++;
  if ((rc = parse_options(iDash, azArg, aOpt, cmd_profile_usage, &before)) !=
      CESCAPE_PARSED) {
    free(before.az);
    return rc;
  }
  rc = before.n ? 1 : 0;
  if (rc)
    cescape_error("'%s': the program and its arguments go after '--'",
                  before.az[0]);
  free(before.az);
  if (rc)
    return CESCAPE_EXIT_USAGE;
  if (iDash + 1 >= nArg) {
    cescape_error("no program to profile: cescape profile [options] -- "
                  "PROGRAM [ARGS...]");
    return CESCAPE_EXIT_USAGE;
  }
  char **azProgram = azArg + iDash + 1;
  char *zProgram = find_program(azProgram[0]);
  if (zProgram == NULL) {
    cescape_error("cannot find program '%s'", azProgram[0]);
    return CESCAPE_EXIT_USAGE;
  }
  int bStatic = is_static_elf(zProgram);
  free(zProgram);
  if (bStatic)
    return CESCAPE_EXIT_USAGE;
  if (zDb) { /* a bad database is an error before the run, not after */
    sqlite3 *db = open_database(zDb);
    if (db == NULL)
      return CESCAPE_EXIT_USAGE;
    sqlite3_close(db);
  }
  char *zLib = find_profiler(p);
  if (zLib == NULL)
    return CESCAPE_EXIT_USAGE;
  const char *zTmp = getenv("TMPDIR");
  char *zDir =
      mprintf("%s/cescape-profile.XXXXXX", zTmp && *zTmp ? zTmp : "/tmp");
  if (mkdtemp(zDir) == NULL) {
    cescape_error("cannot create a directory like '%s': %s", zDir,
                  strerror(errno));
    free(zDir);
    free(zLib);
    return CESCAPE_EXIT_USAGE;
  }
  char *zRaw = mprintf("%s/raw", zDir);
  char *zRateText = mprintf("%ld", rate);
  int status = run_profiled(zLib, zRaw, zRateText, azProgram);
  rc = CESCAPE_EXIT_USAGE;
  if (status == -1 || finish_profile(zDir, rate, zOut, zDb, azProgram))
    rc = CESCAPE_EXIT_USAGE;
  else if (WIFEXITED(status))
    rc = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    rc = 128 + WTERMSIG(status);
  free(zRaw);
  free(zRateText);
  remove_raw_dir(zDir);
  free(zDir);
  free(zLib);
  return rc;
}
