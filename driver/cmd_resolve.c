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
*/
#include "cescape.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
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
  "The exit status is 2 when a unit could not be analysed again or the\n"
  "summaries did not settle.\n";
/* clang-format on */

/*
** One stale unit: how to compile it again.
*/
typedef struct StaleUnit StaleUnit;
struct StaleUnit {
  char *zPath;
  char *zDir;
  Argv a;
};

/*
** The units the database says are stale, with their commands (-cc1
** arguments, then -fsyntax-only: the last action given wins). Returns the
** count, -1 on an error.
*/
static int stale_units(sqlite3 *db, StaleUnit **paUnit) {
  sqlite3_stmt *pUnits = NULL, *pArgs = NULL;
  StaleUnit *aUnit = NULL;
  int nUnit = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT path, compiler, directory, command "
                         "FROM stale_units WHERE command IS NOT NULL "
                         "ORDER BY path",
                         -1, &pUnits, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "SELECT value FROM json_each(?1)", -1, &pArgs,
                         NULL) != SQLITE_OK) {
    cescape_error("cannot read the units: %s", sqlite3_errmsg(db));
    sqlite3_finalize(pUnits);
    return -1;
  }
  while (sqlite3_step(pUnits) == SQLITE_ROW) {
    StaleUnit *u;
    aUnit = realloc(aUnit, sizeof(StaleUnit) * (size_t)(nUnit + 1));
    if (aUnit == NULL) {
      cescape_error("out of memory");
      exit(CESCAPE_EXIT_USAGE);
    }
    u = &aUnit[nUnit++];
    memset(u, 0, sizeof *u);
    u->zPath = xstrdup((const char *)sqlite3_column_text(pUnits, 0));
    u->zDir = xstrdup((const char *)sqlite3_column_text(pUnits, 2));
    argv_append(&u->a, xstrdup((const char *)sqlite3_column_text(pUnits, 1)));
    sqlite3_bind_value(pArgs, 1, sqlite3_column_value(pUnits, 3));
    while (sqlite3_step(pArgs) == SQLITE_ROW)
      argv_append(&u->a, xstrdup((const char *)sqlite3_column_text(pArgs, 0)));
    sqlite3_reset(pArgs);
    argv_append(&u->a, xstrdup("-fsyntax-only"));
  }
  sqlite3_finalize(pUnits);
  sqlite3_finalize(pArgs);
  *paUnit = aUnit;
  return nUnit;
}

static void free_units(StaleUnit *aUnit, int nUnit) {
  int i, j;
  for (i = 0; i < nUnit; i++) {
    for (j = 0; j < aUnit[i].a.nArg; j++)
      free(aUnit[i].a.azArg[j]);
    free(aUnit[i].a.azArg);
    free(aUnit[i].zPath);
    free(aUnit[i].zDir);
  }
  free(aUnit);
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

int resolve_database(const char *zDb, long nJobs, int nMaxRounds) {
  sqlite3 *db = open_database_checked(zDb, 0);
  int nRound, nAgain = 0;
  if (db == NULL)
    return CESCAPE_EXIT_USAGE;
  /* The findings as they were, to say what resolving changed. */
  if (sqlite3_exec(db,
                   "CREATE TEMP TABLE findings_before AS SELECT * FROM"
                   " findings WHERE suppressed = 0",
                   NULL, NULL, NULL) != SQLITE_OK) {
    cescape_error("cannot read the findings: %s", sqlite3_errmsg(db));
    sqlite3_close(db);
    return CESCAPE_EXIT_USAGE;
  }
  for (nRound = 0;; nRound++) {
    StaleUnit *aUnit = NULL;
    int nUnit = stale_units(db, &aUnit), i, nFailed;
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
      sqlite3_close(db);
      return nUnit == 0 && nAdded >= 0 && nRemoved >= 0 ? CESCAPE_EXIT_OK
                                                        : CESCAPE_EXIT_USAGE;
    }
    if (nRound == nMaxRounds) {
      cescape_error("summaries did not settle after %d rounds; %d units are "
                    "still stale (first: %s)",
                    nMaxRounds, nUnit, aUnit[0].zPath);
      free_units(aUnit, nUnit);
      sqlite3_close(db);
      return CESCAPE_EXIT_USAGE;
    }
    Job *aJob = xmalloc(sizeof(Job) * (size_t)nUnit);
    for (i = 0; i < nUnit; i++) {
      aJob[i].zDir = aUnit[i].zDir;
      aJob[i].azArg = aUnit[i].a.azArg;
    }
    nFailed = run_jobs(aJob, nUnit, nJobs, ignore_output, NULL);
    free(aJob);
    nAgain += nUnit;
    if (nFailed) {
      cescape_error("%d of %d units could not be analysed again (is the "
                    "tree as it was built?)",
                    nFailed, nUnit);
      free_units(aUnit, nUnit);
      sqlite3_close(db);
      return CESCAPE_EXIT_USAGE;
    }
    free_units(aUnit, nUnit);
  }
}

int cmd_resolve(CescapeState *p, int nArg, char **azArg) {
  const char *zDb = "cescape.db";
  long nJobs = sysconf(_SC_NPROCESSORS_ONLN), nRounds = 20;
  const CommandOption aOpt[] = {{0, "db", .pzString = &zDb},
                                {'j', "jobs", .pnCount = &nJobs},
                                {0, "max-rounds", .pnCount = &nRounds},
                                {0}};
  int rc;
  (void)p;
  if ((rc = parse_options(nArg, azArg, aOpt, cmd_resolve_usage, NULL)) !=
      CESCAPE_PARSED)
    return rc;
  return resolve_database(zDb, nJobs, (int)nRounds);
}
