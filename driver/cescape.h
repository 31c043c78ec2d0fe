/*
** cescape.h - declarations shared by the files of the cescape driver.
**
** The driver is "cescape <command> [args...]": cescape.c holds main() and the
** command table (built from commands.def), util.c the helpers every command
** may use, and cmd_<name>.c one subcommand each, as in git's builtin/.
*/
#ifndef CESCAPE_H
#define CESCAPE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/*
** Compile-time settings, normally passed by driver/CMakeLists.txt.  The
** fallbacks let a plain "cc -std=c11 *.c" in driver/ build work.
*/
#ifndef CESCAPE_VERSION
#define CESCAPE_VERSION "unknown"
#endif
#ifndef CESCAPE_PLUGIN_DIR
#define CESCAPE_PLUGIN_DIR "lib/cescape" /* relative to bin/.. */
#endif
#ifndef CESCAPE_DOCS_URL
#define CESCAPE_DOCS_URL "file:///usr/local/share/doc/cescape/README.md"
#endif
#ifndef CESCAPE_LLVM_MAJOR
#define CESCAPE_LLVM_MAJOR 19
#endif

/*
** The value of macro X as a string literal: CESCAPE_STR(CESCAPE_LLVM_MAJOR).
*/
#define CESCAPE_STR_(X) #X
#define CESCAPE_STR(X) CESCAPE_STR_(X)

/*
** The Clang that can load the plugin, as named on $PATH: "clang-19".
*/
#define CESCAPE_CLANG "clang-" CESCAPE_STR(CESCAPE_LLVM_MAJOR)

/*
** Exit codes of every command.  "cescape cc" is the exception: it becomes the
** compiler, whose exit code is the one the caller sees.
*/
enum {
  CESCAPE_EXIT_OK = 0,   /* success */
  CESCAPE_EXIT_GATE = 1, /* a gate failed: new findings */
  CESCAPE_EXIT_USAGE = 2 /* usage error, or bad or unreadable data */
};

/*
** printf-style format checking where the compiler offers it.
*/
#if defined(__GNUC__)
#define CESCAPE_PRINTF(F, A) __attribute__((format(printf, F, A)))
#else
#define CESCAPE_PRINTF(F, A)
#endif

/*
** State of one run of the driver, passed to every command.
*/
typedef struct CescapeState CescapeState;
struct CescapeState {
  const char *zArgv0; /* argv[0] as the driver was invoked */
  char *zSelfDir;     /* Absolute directory of this executable, or NULL */
};

/*
** One command per row of commands.def: its function and its usage text.
** azArg[0] is the command name, azArg[1..nArg-1] its arguments.
*/
#define CESCAPE_COMMAND(NAME, HELP)                                            \
  int cmd_##NAME(CescapeState *p, int nArg, char **azArg);                     \
  extern const char cmd_##NAME##_usage[];
#include "commands.def"
#undef CESCAPE_COMMAND

/* util.c */
void *xmalloc(size_t n);
char *xstrdup(const char *z);
char *mprintf(const char *zFormat, ...) CESCAPE_PRINTF(1, 2);
void cescape_error(const char *zFormat, ...) CESCAPE_PRINTF(1, 2);
void cescape_warning(const char *zFormat, ...) CESCAPE_PRINTF(1, 2);
int isoption(const char *zArg, char cShort, const char *zLong);

/*
** A growing array of strings (not copied): repeated options, arguments.
*/
typedef struct StringList StringList;
struct StringList {
  const char **az; /* The strings */
  int n;           /* How many */
};
void string_list_append(StringList *pList, const char *z);

/*
** One option of a command, for parse_options(): "-<cShort>" and/or
** "--<zLong>" (cShort 0 or zLong NULL: no such form).  Exactly one target
** is set; it says what the option takes.  A table ends with a row that has
** neither form.
*/
typedef struct CommandOption CommandOption;
struct CommandOption {
  char cShort;
  const char *zLong;
  int *pbFlag;           /* A flag: set to 1 */
  const char **pzString; /* A value; the last one given wins */
  StringList *pList;     /* A value, repeatable: each one appended */
  long *pnCount;         /* A positive integer */
};

/*
** What parse_options() returns when the command goes on.
*/
#define CESCAPE_PARSED (-1)

/* options.c */
int parse_options(int nArg, char **azArg, const CommandOption *aOpt,
                  const char *zUsage, StringList *pPositional);

const char *path_basename(const char *zPath);
/*
** An argument vector being built for execvp(): NULL-terminated.
*/
typedef struct Argv Argv;
struct Argv {
  char **azArg; /* The arguments */
  int nArg;     /* Number of entries used in azArg[] */
  int nAlloc;   /* Number of entries allocated in azArg[] */
};
char *read_file(const char *zPath, size_t *pn);
char *project_root(void);
void argv_append(Argv *pArgv, char *zArg);
void argv_append_words(Argv *pArgv, const char *zPrefix, const char *zText);
char *syntax_only_argument(const char *zArg, int *pnSkip);

/* The rows of cc1_args.def: the clang -cc1 arguments cescape runs. */
typedef enum { CC1_ALONE, CC1_JOINED, CC1_NEXT } Cc1Shape;
typedef enum { CC1_KEEP, CC1_DROP, CC1_PLUGIN, CC1_PATH } Cc1Action;
typedef struct Cc1Arg Cc1Arg;
struct Cc1Arg {
  const char *zSpelling;
  Cc1Shape eShape;
  Cc1Action eAction;
};
const Cc1Arg *cc1_arg(const char *zArg);

typedef struct sqlite3 sqlite3;
/* Flags of open_database_checked(). */
enum {
  DB_WARN_STALE = 1, /* warn when the database needs "cescape resolve" */
  DB_WRITABLE = 2    /* open it for writing */
};
sqlite3 *open_database(const char *zPath);
sqlite3 *open_database_checked(const char *zPath, int flags);
void close_database(sqlite3 *db);
int attach_baseline(sqlite3 *db, const char *zBaseline);
void database_read_error(sqlite3 *db, const char *zWhat);
int is_findings_format(const char *zFormat);
int write_findings(sqlite3 *db, const char *zFormat, const char *zOut,
                   const char *zFailOn);
int is_executable(const char *zPath);
char *find_program(const char *zName);
void utf8_write(FILE *out, const char *z);
char *self_dir(const char *zArgv0);
char *find_plugin(CescapeState *p, int iMajor, char **pzWhy);

/*
** One process of a job pool: azArg (NULL-terminated, azArg[0] looked up on
** $PATH) run in directory zDir (NULL: this one).
*/
typedef struct Job Job;
struct Job {
  const char *zDir;
  char **azArg;
};
/*
** Called as each job ends, in the order they end, with whether it
** succeeded and its standard output and error (NUL-terminated).
*/
typedef void (*JobDone)(void *pArg, int iJob, int bOk, const char *zOutput);

/* jobs.c */
pid_t start_job(const Job *pJob, FILE *pOut);
char *read_output(FILE *pOut);
int run_jobs(const Job *aJob, int nJob, long nParallel, JobDone xDone,
             void *pArg);

/*
** The --baseline that means "no baseline": every finding is new.
*/
#define CESCAPE_NO_BASELINE "none"

/*
** A file's text split into lines.  Line i (1-based) is
** z[aStart[i-1] .. aStart[i]), its newline included.
*/
typedef struct SourceText SourceText;
struct SourceText {
  char *z;     /* The text, NUL-terminated, or NULL when not recorded */
  int n;       /* Bytes in z */
  int *aStart; /* nLine + 1 offsets */
  int nLine;   /* Number of lines */
};

/*
** One edit of a fix-it, located in its file's text.
*/
typedef struct Edit Edit;
struct Edit {
  int iLine, iCol;       /* Where the replaced bytes start (1-based) */
  int iEndLine, iEndCol; /* Where they end, exclusive */
  int iLastLine;         /* The last line the edit changes */
  int iFrom, iTo;        /* Offsets of the replaced bytes in the text */
  char *zText;           /* The replacement */
};

/* sourcetext.c */
void source_split(SourceText *pText, const char *z, int n);
void source_free(SourceText *pText);
int line_end(const SourceText *pText, int iLine);
int text_offset(const SourceText *pText, int iLine, int iCol);
int compare_edits(const void *pA, const void *pB);

/* rules.c */
char *gate_default_rules(void);
int is_rule(const char *zName, size_t nName);
int check_rule_list(const char *zOption, const char *zList);
/* The table temp.rules(idx, name, level, short, full, anchor, kind,
** colour): db/rules.def, for SQL (the gated rules: gate_default_rules()). */
int rules_table(sqlite3 *db);

/* baseline.c */
int compare_with_baseline(sqlite3 *db, const char *zBaseline,
                          const char *zRules);

/* cmd_resolve.c */
int resolve_database(const char *zDb, const char *zPlugin, long nJobs,
                     int nMaxRounds);

/*
** A file of reports/ embedded at build time (report_assets.c, generated by
** reports/CMakeLists.txt): zData has a NUL after its nData bytes.
*/
typedef struct ReportAsset ReportAsset;
struct ReportAsset {
  const char *zName; /* File name in reports/ */
  const char *zData; /* Its bytes */
  size_t nData;      /* Their number */
};
extern const ReportAsset report_assets[]; /* ends with a NULL zName */

#endif /* CESCAPE_H */
