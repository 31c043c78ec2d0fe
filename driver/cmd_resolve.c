/*
** cmd_resolve.c - "cescape resolve": make verdicts independent of the build
** order.
**
**   cescape resolve [--db FILE] [-j N] [--max-rounds N]
**
** A call into another unit uses that function's summary as the database
** held it when the caller was compiled (none, if the callee's unit came
** later). Each unit records the summaries it used; a unit whose recorded
** summaries differ from the current ones (the stale_units view) is analysed
** again with its own clang -cc1 command, until none is stale. Summaries
** only get more precise from one round to the next (every round starts
** from sound ones), so this ends at the same fixpoint whatever the order.
**
** Recursion through other units is no summary: each unit records its calls
** into other units (the calls table, a fact of its source alone), and each
** round starts by finding the cycles of the whole program's calls
** (find_cycles: strongly connected components, once over all units); a
** unit whose functions' cycles changed is stale too, once.
**
** A database is data, never a program: the recorded command is only a
** list of arguments, rebuilt from the shapes cc1_args.def allows and run
** by the clang on $PATH with this cescape's plugin, writing the database
** being resolved. A unit whose command cannot be rebuilt keeps the
** verdicts it has (sound: computed from sound summaries).
*/
#include "cescape.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* clang-format off */
const char cmd_resolve_usage[] =
  "usage: cescape resolve [--db FILE] [-j N] [--max-rounds N]\n"
  "\n"
  "Analyse again every unit of the database whose verdicts used summaries\n"
  "of other units' functions that have changed since (or were not known\n"
  "yet), until none has: then calls between units use the final summaries,\n"
  "whatever order the build compiled them in. \"cescape check\" does this\n"
  "by itself; after a build with \"cescape cc\" or -fplugin=, run it once.\n"
  "\n"
  "Options:\n"
  "  --db FILE         The database (default: cescape.db)\n"
  "  -j, --jobs N      Analyse N units at once (default: the number of CPUs)\n"
  "  --max-rounds N    Give up after N rounds (default: 20)\n"
  "\n"
  "Units are analysed again by " CESCAPE_CLANG " (found on $PATH) with this\n"
  "cescape's plugin, writing FILE only, and with those recorded arguments\n"
  "that only say how to parse (outputs, other plugins and -mllvm options\n"
  "are left out). A unit whose command has another argument, a response\n"
  "file (@FILE) or an input that is no regular file is refused and keeps\n"
  "its verdicts; one compiled from standard input keeps them too.\n"
  "\n"
  "The exit status is 2 when a unit was refused or could not be analysed\n"
  "again, or the summaries did not settle.\n";
/* clang-format on */

/*
** One stale unit: how to analyse it again.
*/
typedef struct StaleUnit StaleUnit;
struct StaleUnit {
  char *zPath;
  char *zDir;
  Argv a;
};

static const Cc1Arg aCc1Arg[] = {
#define CC1_ARG(SPELLING, SHAPE, ACTION) {SPELLING, SHAPE, ACTION},
#include "cc1_args.def"
#undef CC1_ARG
};

/*
** The row of cc1_args.def argument zArg matches, or NULL.
*/
const Cc1Arg *cc1_arg(const char *zArg) {
  size_t i;
  for (i = 0; i < sizeof aCc1Arg / sizeof aCc1Arg[0]; i++) {
    const Cc1Arg *pArg = &aCc1Arg[i];
    size_t n = strlen(pArg->zSpelling);
    if (pArg->eShape == CC1_JOINED ? strncmp(zArg, pArg->zSpelling, n) == 0
                                   : strcmp(zArg, pArg->zSpelling) == 0)
      return pArg;
  }
  return NULL;
}

/*
** What to do with a unit whose recorded command cannot be run again.
*/
typedef enum {
  UNIT_RUN,    /* its command is rebuilt */
  UNIT_LEAVE,  /* left as analysed, with a warning: nothing to run again */
  UNIT_REFUSE  /* left as analysed, an error: the database is not trusted */
} UnitFate;

/*
** zFile relative to directory zDir, in memory from xmalloc().
*/
static char *path_in(const char *zDir, const char *zFile) {
  return zFile[0] == '/' ? xstrdup(zFile) : mprintf("%s/%s", zDir, zFile);
}

/*
** Whether zPath is there but no regular file: a device, FIFO or /dev/stdin
** would never end or read resolve's own input. (A file that is gone fails
** to compile, as any tree not as it was built.)
*/
static int is_special(const char *zPath) {
  struct stat st;
  return stat(zPath, &st) == 0 && !S_ISREG(st.st_mode);
}

/*
** Whether only this user and root can change what zPath names (whether it
** exists or not): its real path and each directory above it belong to one
** of them and are not world-writable, but for a sticky directory (/tmp)
** above an existing entry. A database is data: a recorded command
** could otherwise read another user's source or header, whose #embed
** reads this user's files (their bytes fold into the sizes findings show).
*/
static int is_safe_path(const char *zPath) {
  char *zReal = NULL, *zTry = xstrdup(zPath), *zSlash;
  int bMissing = 0, bSafe = 1;
  struct stat st;
  /* The deepest part that exists, with its links resolved. */
  while ((zReal = realpath(zTry[0] ? zTry : "/", NULL)) == NULL) {
    bMissing = 1;
    zSlash = strrchr(zTry, '/');
    if (zSlash == NULL) {
      free(zTry);
      return 0;
    }
    *zSlash = 0;
  }
  free(zTry);
  for (;;) {
    int bOthers;
    if (lstat(zReal[0] ? zReal : "/", &st) != 0) {
      bSafe = 0;
      break;
    }
    /* A group is trusted (umask 002 makes every directory group-writable). */
    bOthers = (st.st_mode & S_IWOTH) != 0;
    if ((st.st_uid != geteuid() && st.st_uid != 0) ||
        (bOthers &&
         (bMissing || !S_ISDIR(st.st_mode) || !(st.st_mode & S_ISVTX)))) {
      bSafe = 0;
      break;
    }
    bMissing = 0;
    zSlash = strrchr(zReal, '/');
    if (zSlash == NULL || zReal[0] == 0)
      break;
    *zSlash = 0;
  }
  free(zReal);
  return bSafe;
}

/*
** Rebuild the recorded -cc1 command azRec[0..nRec-1], run in directory
** zDir, into pOut, after zClang: only the arguments cc1_args.def passes
** on, one input file, then this cescape's plugin writing database zDbArg
** ("db=<absolute path>") and -fsyntax-only (the last action given wins).
** Set *pzWhy to the reason (from mprintf()) when the fate is not UNIT_RUN.
*/
static UnitFate rebuild_command(char **azRec, int nRec, const char *zDir,
                                const char *zClang, const char *zPlugin,
                                const char *zDbArg, Argv *pOut, char **pzWhy) {
  int i, nInput = 0;
  if (nRec == 0 || strcmp(azRec[0], "-cc1") != 0) {
    *pzWhy = mprintf("its command is not a clang -cc1 command");
    return UNIT_REFUSE;
  }
  /* Clang reads the words of @FILE as arguments wherever it is, a value
  ** too: they would pass unchecked. */
  for (i = 1; i < nRec; i++) {
    if (azRec[i][0] == '@') {
      *pzWhy = mprintf("its command has '%s', a response file, whose "
                       "arguments cescape does not run",
                       azRec[i]);
      return UNIT_REFUSE;
    }
  }
  argv_append(pOut, xstrdup(zClang));
  argv_append(pOut, xstrdup("-cc1"));
  for (i = 1; i < nRec; i++) {
    const char *zArg = azRec[i];
    const Cc1Arg *pArg = zArg[0] == '-' && zArg[1] ? cc1_arg(zArg) : NULL;
    if (strcmp(zArg, "-") == 0) {
      *pzWhy = mprintf("it was compiled from standard input");
      return UNIT_LEAVE;
    }
    if (zArg[0] != '-' || (pArg && pArg->eAction == CC1_PATH)) {
      const char *zFile = zArg;
      if (zArg[0] == '-')
        zFile = pArg->eShape == CC1_JOINED ? zArg + strlen(pArg->zSpelling)
                : i + 1 < nRec             ? azRec[i + 1]
                                           : "";
      char *zPath = path_in(zDir, zFile);
      int bSpecial = is_special(zPath), bSafe = is_safe_path(zPath);
      free(zPath);
      if (zArg[0] != '-' && bSpecial) {
        *pzWhy = mprintf("its input '%s' is no regular file here", zArg);
        return UNIT_REFUSE;
      }
      if (!bSafe) {
        *pzWhy = mprintf("it reads '%s', which a user other than you and "
                         "root could change",
                         zFile);
        return UNIT_REFUSE;
      }
    }
    if (zArg[0] != '-') {
      argv_append(pOut, xstrdup(zArg));
      nInput++;
      continue;
    }
    if (pArg == NULL) {
      *pzWhy = mprintf("its command has argument '%s', which cescape does "
                       "not run again",
                       zArg);
      return UNIT_REFUSE;
    }
    if (pArg->eShape == CC1_NEXT && i + 1 >= nRec) {
      *pzWhy = mprintf("its command ends with '%s' without a value", zArg);
      return UNIT_REFUSE;
    }
    if (pArg->eAction == CC1_PLUGIN) {
      if (strncmp(azRec[i + 1], "db=", 3) != 0) {
        argv_append(pOut, xstrdup(zArg));
        argv_append(pOut, xstrdup(azRec[i + 1]));
      }
    } else if (pArg->eAction == CC1_KEEP || pArg->eAction == CC1_PATH) {
      argv_append(pOut, xstrdup(zArg));
      if (pArg->eShape == CC1_NEXT)
        argv_append(pOut, xstrdup(azRec[i + 1]));
    }
    if (pArg->eShape == CC1_NEXT)
      i++;
  }
  if (nInput != 1) {
    *pzWhy = mprintf("its command has %d input files, not one", nInput);
    return UNIT_REFUSE;
  }
  argv_append(pOut, xstrdup("-load"));
  argv_append(pOut, xstrdup(zPlugin));
  argv_append(pOut, xstrdup("-plugin-arg-cescape"));
  argv_append(pOut, xstrdup(zDbArg));
  argv_append(pOut, xstrdup("-fsyntax-only"));
  return UNIT_RUN;
}

static void free_argv(Argv *pArgv) {
  int i;
  for (i = 0; i < pArgv->nArg; i++)
    free(pArgv->azArg[i]);
  free(pArgv->azArg);
  memset(pArgv, 0, sizeof *pArgv);
}

/*
** What one resolve run needs to rebuild commands, and the units it left.
*/
typedef struct Resolver Resolver;
struct Resolver {
  const char *zClang;  /* the compiler: CESCAPE_CLANG found on $PATH */
  const char *zPlugin; /* this cescape's plugin */
  char *zDbArg;        /* "db=<absolute path of the database>" */
  Argv left;           /* paths of the units left as analysed */
  int nRefused;        /* how many of them were refused */
};

static int is_left(const Resolver *r, const char *zPath) {
  int i;
  for (i = 0; i < r->left.nArg; i++)
    if (strcmp(r->left.azArg[i], zPath) == 0)
      return 1;
  return 0;
}

/*
** The recorded command of the current row of pUnits (path, directory,
** command) as a vector of strings in *pRec; 0, or 1 when it is not a JSON
** array of strings.
*/
static int recorded_command(sqlite3_stmt *pUnits, sqlite3_stmt *pArgs,
                            Argv *pRec) {
  int rc, bad = 0;
  sqlite3_bind_value(pArgs, 1, sqlite3_column_value(pUnits, 2));
  while ((rc = sqlite3_step(pArgs)) == SQLITE_ROW) {
    const char *zArg = (const char *)sqlite3_column_text(pArgs, 0);
    if (sqlite3_column_type(pArgs, 0) != SQLITE_TEXT || zArg == NULL) {
      bad = 1;
      break;
    }
    argv_append(pRec, xstrdup(zArg));
  }
  sqlite3_reset(pArgs);
  return bad || (rc != SQLITE_ROW && rc != SQLITE_DONE);
}

/*
** The units the database says are stale, with their rebuilt commands, but
** those r has left. Units that cannot be run again are added to r->left,
** with a message. Returns the count, -1 on an error.
*/
static int stale_units(sqlite3 *db, Resolver *r, StaleUnit **paUnit) {
  sqlite3_stmt *pUnits = NULL, *pArgs = NULL;
  StaleUnit *aUnit = NULL;
  int nUnit = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT path, directory, command "
                         "FROM stale_units WHERE command IS NOT NULL "
                         "ORDER BY path",
                         -1, &pUnits, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db,
                         "SELECT value FROM json_each(?1) "
                         "WHERE json_type(?1) = 'array'",
                         -1, &pArgs, NULL) != SQLITE_OK) {
    cescape_error("cannot read the units: %s", sqlite3_errmsg(db));
    sqlite3_finalize(pUnits);
    return -1;
  }
  while (sqlite3_step(pUnits) == SQLITE_ROW) {
    const char *zPath = (const char *)sqlite3_column_text(pUnits, 0);
    const char *zDir = (const char *)sqlite3_column_text(pUnits, 1);
    Argv rec = {NULL, 0, 0}, a = {NULL, 0, 0};
    char *zWhy = NULL;
    UnitFate eFate;
    if (zPath == NULL || is_left(r, zPath))
      continue;
    if (zDir == NULL || zDir[0] != '/') {
      zWhy = mprintf("no absolute directory is recorded for it");
      eFate = UNIT_REFUSE;
    } else if (recorded_command(pUnits, pArgs, &rec)) {
      zWhy = mprintf("its recorded command is not a list of strings");
      eFate = UNIT_REFUSE;
    } else {
      eFate = rebuild_command(rec.azArg, rec.nArg, zDir, r->zClang, r->zPlugin,
                              r->zDbArg, &a, &zWhy);
    }
    free_argv(&rec);
    if (eFate != UNIT_RUN) {
      if (eFate == UNIT_REFUSE) {
        cescape_error("unit '%s' is left as analysed: %s", zPath, zWhy);
        r->nRefused++;
      } else {
        cescape_warning("unit '%s' is left as analysed: %s", zPath, zWhy);
      }
      argv_append(&r->left, xstrdup(zPath));
      free(zWhy);
      free_argv(&a);
      continue;
    }
    aUnit = realloc(aUnit, sizeof(StaleUnit) * (size_t)(nUnit + 1));
    if (aUnit == NULL) {
      cescape_error("out of memory");
      exit(CESCAPE_EXIT_USAGE);
    }
    aUnit[nUnit].zPath = xstrdup(zPath);
    aUnit[nUnit].zDir = xstrdup(zDir);
    aUnit[nUnit].a = a;
    nUnit++;
  }
  sqlite3_finalize(pUnits);
  sqlite3_finalize(pArgs);
  *paUnit = aUnit;
  return nUnit;
}

static void free_units(StaleUnit *aUnit, int nUnit) {
  int i;
  for (i = 0; i < nUnit; i++) {
    free_argv(&aUnit[i].a);
    free(aUnit[i].zPath);
    free(aUnit[i].zDir);
  }
  free(aUnit);
}

/*
** The strongly connected components of the graph of nNode nodes whose
** edges from node i go to aTo[aFirst[i]..aFirst[i+1]-1] (Tarjan's
** algorithm, with explicit stacks): aComp[i] is the component of node i,
** numbered from 0 callees first.
*/
static void strong_components(int nNode, const int *aFirst, const int *aTo,
                              int *aComp) {
  int *aIndex = xmalloc(sizeof(int) * (size_t)nNode);
  int *aLow = xmalloc(sizeof(int) * (size_t)nNode);
  int *aStack = xmalloc(sizeof(int) * (size_t)nNode); /* Tarjan's stack */
  int *aCall = xmalloc(sizeof(int) * (size_t)nNode);  /* the DFS path */
  int *aNext = xmalloc(sizeof(int) * (size_t)nNode);  /* its next edge */
  int i, nIndex = 0, nStack = 0, nComp = 0;
  for (i = 0; i < nNode; i++) {
    aIndex[i] = -1;
    aComp[i] = -1;
  }
  for (i = 0; i < nNode; i++) {
    int nCall = 0;
    if (aIndex[i] >= 0)
      continue;
    aCall[nCall++] = i;
    aNext[i] = aFirst[i];
    aIndex[i] = aLow[i] = nIndex++;
    aStack[nStack++] = i;
    while (nCall > 0) {
      int v = aCall[nCall - 1];
      if (aNext[v] < aFirst[v + 1]) {
        int w = aTo[aNext[v]++];
        if (aIndex[w] < 0) {
          aCall[nCall++] = w;
          aNext[w] = aFirst[w];
          aIndex[w] = aLow[w] = nIndex++;
          aStack[nStack++] = w;
        } else if (aComp[w] < 0 && aIndex[w] < aLow[v]) {
          aLow[v] = aIndex[w]; /* w is on the stack */
        }
        continue;
      }
      nCall--;
      if (nCall > 0 && aLow[v] < aLow[aCall[nCall - 1]])
        aLow[aCall[nCall - 1]] = aLow[v];
      if (aLow[v] == aIndex[v]) {
        int w;
        do {
          w = aStack[--nStack];
          aComp[w] = nComp;
        } while (w != v);
        nComp++;
      }
    }
  }
  free(aIndex);
  free(aLow);
  free(aStack);
  free(aCall);
  free(aNext);
}

/*
** Compute the cycles table from the calls table: the functions on a cycle
** of calls between units (a strongly connected component of more than
** one function, or of one that calls itself), each named after the least
** name on its cycle. The plugin reads it; a unit that used other cycles
** is stale. Return 0, or 1 on an error (said).
*/
static int find_cycles(sqlite3 *db) {
  sqlite3_stmt *pCount = NULL, *pEdges = NULL, *pMember = NULL;
  int nNode, nEdge, i, bad = 1, rc;
  int *aFirst = NULL, *aTo = NULL, *aComp = NULL, *aSize = NULL;
  if (sqlite3_exec(
          db,
          "BEGIN IMMEDIATE;"
          "DROP TABLE IF EXISTS temp.call_nodes;"
          "DROP TABLE IF EXISTS temp.cycle_members;"
          "CREATE TEMP TABLE call_nodes(id INTEGER PRIMARY KEY,"
          "  name TEXT UNIQUE NOT NULL);"
          "CREATE TEMP TABLE cycle_members(id INTEGER PRIMARY KEY,"
          "  comp INTEGER NOT NULL);"
          "INSERT INTO call_nodes(id, name) SELECT row_number() OVER"
          "  (ORDER BY name) - 1, name FROM (SELECT caller AS name FROM calls"
          "  UNION SELECT j.value FROM calls, json_each(calls.callees) j);"
          "DELETE FROM cycles;",
          NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db,
                         "SELECT (SELECT count(*) FROM temp.call_nodes),"
                         " (SELECT count(*) FROM calls,"
                         " json_each(calls.callees))",
                         -1, &pCount, NULL) != SQLITE_OK ||
      sqlite3_step(pCount) != SQLITE_ROW ||
      sqlite3_prepare_v2(db,
                         "SELECT DISTINCT a.id, b.id FROM calls c,"
                         " json_each(c.callees) j"
                         " JOIN temp.call_nodes a ON a.name = c.caller"
                         " JOIN temp.call_nodes b ON b.name = j.value"
                         " ORDER BY 1",
                         -1, &pEdges, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "INSERT INTO temp.cycle_members VALUES (?1, ?2)",
                         -1, &pMember, NULL) != SQLITE_OK)
    goto done;
  nNode = sqlite3_column_int(pCount, 0);
  nEdge = sqlite3_column_int(pCount, 1); /* at least the distinct ones */
  aFirst = xmalloc(sizeof(int) * (size_t)(nNode + 1));
  aTo = xmalloc(sizeof(int) * (size_t)(nEdge + 1));
  aComp = xmalloc(sizeof(int) * (size_t)(nNode + 1));
  aSize = xmalloc(sizeof(int) * (size_t)(nNode + 1));
  memset(aFirst, 0, sizeof(int) * (size_t)(nNode + 1));
  memset(aSize, 0, sizeof(int) * (size_t)(nNode + 1));
  /* The edges by source: aFirst[i + 1] counts those of node i, then sums. */
  for (i = 0; (rc = sqlite3_step(pEdges)) == SQLITE_ROW && i < nEdge; i++) {
    aFirst[sqlite3_column_int(pEdges, 0) + 1]++;
    aTo[i] = sqlite3_column_int(pEdges, 1);
  }
  if (rc != SQLITE_DONE)
    goto done;
  for (i = 0; i < nNode; i++)
    aFirst[i + 1] += aFirst[i];
  strong_components(nNode, aFirst, aTo, aComp);
  for (i = 0; i < nNode; i++)
    aSize[aComp[i]]++;
  for (i = 0; i < nNode; i++) {
    int j, bSelf = 0;
    for (j = aFirst[i]; j < aFirst[i + 1]; j++)
      bSelf |= aTo[j] == i;
    if (aSize[aComp[i]] < 2 && !bSelf)
      continue;
    sqlite3_bind_int(pMember, 1, i);
    sqlite3_bind_int(pMember, 2, aComp[i]);
    if (sqlite3_step(pMember) != SQLITE_DONE)
      goto done;
    sqlite3_reset(pMember);
  }
  bad = sqlite3_exec(db,
                     "INSERT INTO cycles(name, cycle) SELECT n.name,"
                     " min(n.name) OVER (PARTITION BY m.comp)"
                     " FROM temp.cycle_members m"
                     " JOIN temp.call_nodes n ON n.id = m.id;"
                     "COMMIT",
                     NULL, NULL, NULL) != SQLITE_OK;
done:
  if (bad)
    cescape_error("cannot find the cycles of calls between units: %s",
                  sqlite3_errmsg(db));
  sqlite3_finalize(pCount);
  sqlite3_finalize(pEdges);
  sqlite3_finalize(pMember);
  if (bad)
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  free(aFirst);
  free(aTo);
  free(aComp);
  free(aSize);
  return bad;
}

/*
** A unit analysed again prints what its first analysis printed: dropped.
*/
static void ignore_output(void *pArg, int iJob, int bOk, const char *zOut) {
  (void)pArg;
  (void)iJob;
  (void)bOk;
  (void)zOut;
}

/*
** Findings one side has and the other lacks, by fingerprint (a header's
** struct once), in the compiler's shape.
*/
#define CHANGED(A, B)                                                          \
  "SELECT path, line, col, severity, message, rule FROM " A " f"               \
  " WHERE f.suppressed = 0 AND f.id = (SELECT min(d.id) FROM " A " d"          \
  "   WHERE d.fingerprint = f.fingerprint AND d.suppressed = 0)"               \
  " AND NOT EXISTS (SELECT 1 FROM " B " t WHERE t.fingerprint ="               \
  "   f.fingerprint AND t.suppressed = 0) ORDER BY path, line, col, rule"
static const char zAdded[] = CHANGED("main.findings", "temp.findings_before");
static const char zRemoved[] = CHANGED("temp.findings_before", "main.findings");

/*
** Print the rows of zQuery after zLabel; return how many, -1 on an error.
*/
static int print_changes(sqlite3 *db, const char *zLabel, const char *zQuery) {
  sqlite3_stmt *pStmt = NULL;
  int n = 0, rc = sqlite3_prepare_v2(db, zQuery, -1, &pStmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
    printf("%s %s:%d:%d: %s: %s [cescape:%s]\n", zLabel,
           (const char *)sqlite3_column_text(pStmt, 0),
           sqlite3_column_int(pStmt, 1), sqlite3_column_int(pStmt, 2),
           (const char *)sqlite3_column_text(pStmt, 3),
           (const char *)sqlite3_column_text(pStmt, 4),
           (const char *)sqlite3_column_text(pStmt, 5));
    n++;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(pStmt);
  if (rc != SQLITE_DONE) {
    cescape_error("cannot compare the findings: %s", sqlite3_errmsg(db));
    return -1;
  }
  return n;
}

int resolve_database(const char *zDb, const char *zPlugin, long nJobs,
                     int nMaxRounds) {
  Resolver r = {NULL, zPlugin, NULL, {NULL, 0, 0}, 0};
  char *zClang = find_program(CESCAPE_CLANG), *zReal;
  sqlite3 *db;
  int nRound, nAgain = 0, rc = CESCAPE_EXIT_USAGE;
  if (zClang == NULL) {
    cescape_error("cannot find %s on $PATH: it analyses units again",
                  CESCAPE_CLANG);
    return CESCAPE_EXIT_USAGE;
  }
  db = open_database_checked(zDb, DB_WRITABLE);
  zReal = db ? realpath(zDb, NULL) : NULL;
  if (zReal == NULL) {
    free(zClang);
    close_database(db);
    return CESCAPE_EXIT_USAGE;
  }
  r.zClang = zClang;
  r.zDbArg = mprintf("db=%s", zReal);
  free(zReal);
  /* The findings as they were, to say what resolving changed. */
  if (sqlite3_exec(db,
                   "CREATE TEMP TABLE findings_before AS SELECT * FROM"
                   " findings WHERE suppressed = 0",
                   NULL, NULL, NULL) != SQLITE_OK) {
    cescape_error("cannot read the findings: %s", sqlite3_errmsg(db));
    free(zClang);
    close_database(db);
    return CESCAPE_EXIT_USAGE;
  }
  for (nRound = 0;; nRound++) {
    StaleUnit *aUnit = NULL;
    int nUnit = find_cycles(db) ? -1 : stale_units(db, &r, &aUnit), i, nFailed;
    if (nUnit <= 0) {
      int nAdded = 0, nRemoved = 0;
      if (nUnit == 0) {
        nAdded = print_changes(db, "added:", zAdded);
        nRemoved = print_changes(db, "removed:", zRemoved);
        printf("cescape resolve: %d unit%s analysed again in %d round%s; "
               "%d finding%s added, %d removed\n",
               nAgain, nAgain == 1 ? "" : "s", nRound, nRound == 1 ? "" : "s",
               nAdded, nAdded == 1 ? "" : "s", nRemoved);
      }
      if (nUnit == 0 && nAdded >= 0 && nRemoved >= 0 && r.nRefused == 0)
        rc = CESCAPE_EXIT_OK;
      break;
    }
    if (nRound == nMaxRounds) {
      cescape_error("summaries did not settle after %d rounds; %d units are "
                    "still stale (first: %s)",
                    nMaxRounds, nUnit, aUnit[0].zPath);
      free_units(aUnit, nUnit);
      break;
    }
    Job *aJob = xmalloc(sizeof(Job) * (size_t)nUnit);
    for (i = 0; i < nUnit; i++) {
      aJob[i].zDir = aUnit[i].zDir;
      aJob[i].azArg = aUnit[i].a.azArg;
    }
    nFailed = run_jobs(aJob, nUnit, nJobs, ignore_output, NULL);
    free(aJob);
    free_units(aUnit, nUnit);
    nAgain += nUnit;
    if (nFailed) {
      cescape_error("%d of %d units could not be analysed again (is the "
                    "tree as it was built?)",
                    nFailed, nUnit);
      break;
    }
  }
  close_database(db);
  free_argv(&r.left);
  free(r.zDbArg);
  free(zClang);
  return rc;
}

int cmd_resolve(CescapeState *p, int nArg, char **azArg) {
  const char *zDb = "cescape.db";
  long nJobs = sysconf(_SC_NPROCESSORS_ONLN), nRounds = 20;
  const CommandOption aOpt[] = {{0, "db", .pzString = &zDb},
                                {'j', "jobs", .pnCount = &nJobs},
                                {0, "max-rounds", .pnCount = &nRounds},
                                {0}};
  char *zPlugin, *zWhy = NULL;
  int rc;
  if ((rc = parse_options(nArg, azArg, aOpt, cmd_resolve_usage, NULL)) !=
      CESCAPE_PARSED)
    return rc;
  zPlugin = find_plugin(p, CESCAPE_LLVM_MAJOR, &zWhy);
  if (zPlugin == NULL) {
    cescape_error("%s", zWhy);
    free(zWhy);
    return CESCAPE_EXIT_USAGE;
  }
  rc = resolve_database(zDb, zPlugin, nJobs, (int)nRounds);
  free(zPlugin);
  return rc;
}
