/*
** options.c - the one option parser of every cescape command, GNU style
** (getopt_long): "--db=F" and "--db F", "-j2" and "-j 2", options and
** arguments in any order, "--" ending the options, "-h"/"--help".
*/
#include "cescape.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/*
** getopt_long()'s value for option i of a table: past every character, so
** it never clashes with a short option.
*/
#define OPTION_VALUE(I) (UCHAR_MAX + 1 + (I))

/*
** The names of option pOpt, for messages: "--db", "-p" or "-j/--jobs".
*/
static char *option_name(const CommandOption *pOpt) {
  if (pOpt->zLong && pOpt->cShort)
    return mprintf("-%c/--%s", pOpt->cShort, pOpt->zLong);
  return pOpt->zLong ? mprintf("--%s", pOpt->zLong)
                     : mprintf("-%c", pOpt->cShort);
}

/*
** Store value zValue (NULL for a flag) of option pOpt.  Return 0, or say
** why it is bad and return 1.
*/
static int store_option(const CommandOption *pOpt, const char *zValue) {
  if (pOpt->pbFlag) {
    *pOpt->pbFlag = 1;
  } else if (pOpt->pzString) {
    *pOpt->pzString = zValue;
  } else if (pOpt->pList) {
    string_list_append(pOpt->pList, zValue);
  } else {
    char *zEnd;
    long n = strtol(zValue, &zEnd, 10);
    if (zValue[0] == 0 || *zEnd != 0 || n < 1) {
      char *zName = option_name(pOpt);
      cescape_error("option '%s' needs a positive number, got '%s'", zName,
                    zValue);
      free(zName);
      return 1;
    }
    *pOpt->pnCount = n;
  }
  return 0;
}

int parse_options(int nArg, char **azArg, const CommandOption *aOpt,
                  const char *zUsage, StringList *pPositional) {
  const char *zCommand = azArg[0];
  int nOpt = 0, nLong, i, c, rc = CESCAPE_PARSED;
  struct option *aLong;
  char *zShort, *z;

  while (aOpt[nOpt].zLong || aOpt[nOpt].cShort)
    nOpt++;
  aLong = xmalloc(sizeof(struct option) * (size_t)(nOpt + 2));
  /* '+'-free: GNU permutation, so options may follow arguments; ':' first:
  ** a missing value is told apart from an unknown option. */
  z = zShort = xmalloc((size_t)(3 * nOpt + 3));
  *z++ = ':';
  *z++ = 'h';
  nLong = 0;
  for (i = 0; i < nOpt; i++) {
    int bValue = aOpt[i].pbFlag == NULL;
    if (aOpt[i].zLong)
      aLong[nLong++] = (struct option){aOpt[i].zLong,
                                       bValue ? required_argument : no_argument,
                                       NULL, OPTION_VALUE(i)};
    if (aOpt[i].cShort) {
      *z++ = aOpt[i].cShort;
      if (bValue)
        *z++ = ':';
    }
  }
  *z = 0;
  aLong[nLong++] = (struct option){"help", no_argument, NULL, 'h'};
  aLong[nLong] = (struct option){NULL, 0, NULL, 0};

  opterr = 0;
  optind = 0; /* glibc: start afresh */
  while ((c = getopt_long(nArg, azArg, zShort, aLong, NULL)) != -1) {
    const CommandOption *pOpt = NULL;
    if (c == 'h') {
      fputs(zUsage, stdout);
      rc = CESCAPE_EXIT_OK;
      break;
    }
    if (c == '?' || c == ':') {
      /* optopt is the short option's character, or 0 for a long one. */
      const char *zBad = azArg[optind - 1];
      if (c == ':')
        cescape_error("option '%s' needs a value", zBad);
      else if (optopt && zBad[1] != '-')
        cescape_error("unknown option '-%c' (see cescape %s --help)", optopt,
                      zCommand);
      else
        cescape_error("unknown option '%s' (see cescape %s --help)", zBad,
                      zCommand);
      rc = CESCAPE_EXIT_USAGE;
      break;
    }
    if (c >= OPTION_VALUE(0)) {
      pOpt = &aOpt[c - OPTION_VALUE(0)];
    } else {
      for (i = 0; i < nOpt && aOpt[i].cShort != c; i++)
        ;
      pOpt = &aOpt[i];
    }
    if (store_option(pOpt, optarg)) {
      rc = CESCAPE_EXIT_USAGE;
      break;
    }
  }
  if (rc == CESCAPE_PARSED) {
    for (i = optind; i < nArg; i++) {
      if (pPositional == NULL) {
        cescape_error("%s takes no arguments, got '%s' (see cescape %s "
                      "--help)",
                      zCommand, azArg[i], zCommand);
        rc = CESCAPE_EXIT_USAGE;
        break;
      }
      string_list_append(pPositional, azArg[i]);
    }
  }
  free(aLong);
  free(zShort);
  return rc;
}

void string_list_append(StringList *pList, const char *z) {
  /* The array holds a power of two entries: full when n is one (or 0). */
  if ((pList->n & (pList->n - 1)) == 0) {
    const char **azNew =
        xmalloc(sizeof(char *) * (size_t)(pList->n ? 2 * pList->n : 1));
    if (pList->n)
      memcpy(azNew, pList->az, sizeof(char *) * (size_t)pList->n);
    free(pList->az);
    pList->az = azNew;
  }
  pList->az[pList->n++] = z;
}
