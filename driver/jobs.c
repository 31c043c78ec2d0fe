/*
** jobs.c - the job pool of "check" and "resolve": compiles run N at a
** time, each one's output kept in a file of its own and handed over whole
** when it ends, so that the output of parallel units never interleaves.
*/
#include "cescape.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/*
** A job that is running: its process and the file holding its output.
*/
typedef struct RunningJob RunningJob;
struct RunningJob {
  pid_t pid;  /* 0: this slot is free */
  int iJob;   /* Index in the caller's array */
  FILE *pOut; /* Its standard output and error */
};

/*
** Start job pJob, its standard output and error going to pOut.  Return
** its pid, or -1 when it could not be started.
*/
pid_t start_job(const Job *pJob, FILE *pOut) {
  pid_t pid;
  fflush(stdout);
  fflush(stderr);
  pid = fork();
  if (pid == 0) {
    int fd = fileno(pOut);
    /* No job reads input: one given /dev/stdin (a recorded command) must
    ** neither wait for the terminal nor take what was meant for cescape. */
    int fdNull = open("/dev/null", O_RDONLY);
    if (fdNull < 0 || dup2(fdNull, STDIN_FILENO) < 0 ||
        dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
      _exit(CESCAPE_EXIT_USAGE);
    if (fdNull > STDERR_FILENO)
      close(fdNull);
    if (pJob->zDir && chdir(pJob->zDir) != 0) {
      cescape_error("cannot enter '%s': %s", pJob->zDir, strerror(errno));
      _exit(CESCAPE_EXIT_USAGE);
    }
    execvp(pJob->azArg[0], pJob->azArg);
    cescape_error("cannot run '%s': %s", pJob->azArg[0], strerror(errno));
    _exit(CESCAPE_EXIT_USAGE);
  }
  return pid;
}

/*
** The whole content of pOut, NUL-terminated, in memory from xmalloc().
*/
char *read_output(FILE *pOut) {
  long n;
  char *z;
  fflush(pOut);
  n = ftell(pOut);
  if (n < 0)
    n = 0;
  z = xmalloc((size_t)n + 1);
  rewind(pOut);
  n = (long)fread(z, 1, (size_t)n, pOut);
  z[n] = 0;
  return z;
}

int run_jobs(const Job *aJob, int nJob, long nParallel, JobDone xDone,
             void *pArg) {
  RunningJob *aRun;
  int nRun = 0, iNext = 0, nFailed = 0, i;
  if (nParallel < 1)
    nParallel = 1;
  if (nParallel > nJob)
    nParallel = nJob ? nJob : 1;
  aRun = xmalloc(sizeof(RunningJob) * (size_t)nParallel);
  memset(aRun, 0, sizeof(RunningJob) * (size_t)nParallel);
  while (iNext < nJob || nRun > 0) {
    int status;
    pid_t pid;
    if (iNext < nJob && nRun < nParallel) {
      RunningJob *pRun = aRun;
      while (pRun->pid)
        pRun++;
      pRun->iJob = iNext++;
      pRun->pOut = tmpfile();
      pRun->pid = pRun->pOut ? start_job(&aJob[pRun->iJob], pRun->pOut) : -1;
      if (pRun->pid > 0) {
        nRun++;
        continue;
      }
      nFailed++;
      xDone(pArg, pRun->iJob, 0,
            pRun->pOut ? "cescape: cannot start the compiler\n"
                       : "cescape: cannot create a temporary file\n");
      if (pRun->pOut)
        fclose(pRun->pOut);
      pRun->pid = 0;
      continue;
    }
    pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    for (i = 0; i < nParallel && aRun[i].pid != pid; i++)
      ;
    if (i == nParallel)
      continue; /* not one of ours */
    {
      int bOk = WIFEXITED(status) && WEXITSTATUS(status) == 0;
      char *zOutput = read_output(aRun[i].pOut);
      fclose(aRun[i].pOut);
      aRun[i].pid = 0;
      nRun--;
      nFailed += !bOk;
      xDone(pArg, aRun[i].iJob, bOk, zOutput);
      free(zOutput);
    }
  }
  free(aRun);
  return nFailed;
}
