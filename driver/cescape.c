/*
** cescape.c - main() of the cescape command-line tool.
**
**   cescape [--version | --plugin-path | --help] <command> [<args>...]
**
** Global options are handled here; everything else is a subcommand found in
** aCommand[], the table built from commands.def (git's commands[] in git.c).
*/
#include "cescape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
** One subcommand: what "cescape <zName>" runs and how it is described.
*/
typedef struct CescapeCommand CescapeCommand;
struct CescapeCommand {
  const char *zName;                         /* Name on the command line */
  int (*xCmd)(CescapeState *, int, char **); /* Implementation */
  const char *zHelp;                         /* One line for the list */
  const char *zUsage;                        /* Text of "help <zName>" */
};

/*
** The subcommands, in the order of commands.def.
*/
static const CescapeCommand aCommand[] = {
#define CESCAPE_COMMAND(NAME, HELP)                                            \
  {#NAME, cmd_##NAME, HELP, cmd_##NAME##_usage},
#include "commands.def"
#undef CESCAPE_COMMAND
};

/*
** Number of entries in aCommand[].
*/
#define N_COMMAND ((int)(sizeof(aCommand) / sizeof(aCommand[0])))

/*
** Return the command called zName, or NULL.
*/
static const CescapeCommand *find_command(const char *zName) {
  int i;
  for (i = 0; i < N_COMMAND; i++) {
    if (strcmp(aCommand[i].zName, zName) == 0)
      return &aCommand[i];
  }
  return NULL;
}

/*
** Print the usage of cescape as a whole, with the list of commands, on out.
*/
static void usage(FILE *out) {
  int i;
  /* clang-format off */
  fputs(
    "usage: cescape [--version] [--plugin-path] [--help] <command> [<args>...]\n"
    "\n"
    "Escape analysis for C: heap allocations that could live on the stack,\n"
    "stack addresses that outlive their frame, false sharing.\n"
    "\n"
    "Commands:\n", out);
  for (i = 0; i < N_COMMAND; i++)
    fprintf(out, "  %-17s  %s\n", aCommand[i].zName, aCommand[i].zHelp);
  fputs(
    "\n"
    "Options:\n"
    "  -h, --help         Show this help; --help <command> shows a command's\n"
    "      --version      Print the version of cescape\n"
    "      --plugin-path  Print the absolute path of the Clang plugin, as in\n"
    "                     CFLAGS += -fplugin=$(cescape --plugin-path)\n"
    "\n"
    "Exit status: 0 success, 1 a gate failed, 2 usage or data error.\n"
    "Run 'cescape help <command>' for the usage of a command.\n", out);
  /* clang-format on */
}

/*
** Print the usage of command zName on stdout and return 0, or report that
** there is no such command and return 2.
*/
static int command_usage(const char *zName) {
  const CescapeCommand *pCmd = find_command(zName);
  if (pCmd == NULL) {
    cescape_error("unknown command '%s'", zName);
    fprintf(stderr, "Run 'cescape --help' for the list of commands.\n");
    return CESCAPE_EXIT_USAGE;
  }
  fputs(pCmd->zUsage, stdout);
  return CESCAPE_EXIT_OK;
}

/*
** Usage of "cescape help".
*/
const char cmd_help_usage[] =
    "usage: cescape help [<command>]\n"
    "\n"
    "Show the usage of cescape and the list of its commands or, given a\n"
    "command, the usage of that command (the same as 'cescape <command> "
    "--help').\n";

/*
** cescape help [<command>]
*/
int cmd_help(CescapeState *p, int nArg, char **azArg) {
  (void)p;
  if (nArg == 1) {
    usage(stdout);
    return CESCAPE_EXIT_OK;
  }
  if (nArg == 2)
    return command_usage(azArg[1]);
  cescape_error("help takes at most one command, got %d arguments", nArg - 1);
  fputs(cmd_help_usage, stderr);
  return CESCAPE_EXIT_USAGE;
}

/*
** Print the plugin's absolute path, or why there is none.
*/
static int print_plugin_path(CescapeState *p) {
  char *zWhy = NULL;
  char *zPlugin = find_plugin(p, CESCAPE_LLVM_MAJOR, &zWhy);
  if (zPlugin == NULL) {
    cescape_error("%s", zWhy);
    free(zWhy);
    return CESCAPE_EXIT_USAGE;
  }
  printf("%s\n", zPlugin);
  free(zPlugin);
  return CESCAPE_EXIT_OK;
}

/*
** Entry point: a global option, or "<command> [<args>...]".
*/
int main(int argc, char **argv) {
  CescapeState s;
  const CescapeCommand *pCmd;
  const char *zArg;
  int rc = CESCAPE_EXIT_OK;

  memset(&s, 0, sizeof(s));
  s.zArgv0 = argv[0];
  s.zSelfDir = self_dir(argv[0]);

  if (argc < 2) {
    usage(stderr);
    rc = CESCAPE_EXIT_USAGE;
    goto out;
  }
  zArg = argv[1];
  if (isoption(zArg, 'h', "help")) {
    rc = cmd_help(&s, argc - 1, argv + 1);
    goto out;
  }
  if (isoption(zArg, 0, "version") || isoption(zArg, 0, "plugin-path")) {
    if (argc > 2) {
      cescape_error("'%s' takes no arguments, got '%s'", zArg, argv[2]);
      rc = CESCAPE_EXIT_USAGE;
    } else if (isoption(zArg, 0, "version")) {
      printf("cescape %s\n", CESCAPE_VERSION);
    } else {
      rc = print_plugin_path(&s);
    }
    goto out;
  }
  if (zArg[0] == '-') {
    cescape_error("unknown option '%s'", zArg);
    fprintf(stderr, "Run 'cescape --help' for usage.\n");
    rc = CESCAPE_EXIT_USAGE;
    goto out;
  }
  pCmd = find_command(zArg);
  if (pCmd == NULL) {
    rc = command_usage(zArg);
    goto out;
  }
  /* "cescape <command> --help" is the command's usage, for every command. */
  if (argc > 2 && isoption(argv[2], 'h', "help")) {
    fputs(pCmd->zUsage, stdout);
    goto out;
  }
  fflush(stdout);
  rc = pCmd->xCmd(&s, argc - 1, argv + 1);

out:
  free(s.zSelfDir);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    cescape_error("cannot write to standard output");
    if (rc == CESCAPE_EXIT_OK)
      rc = CESCAPE_EXIT_USAGE;
  }
  return rc;
}
