/*
** rules.c - what the driver knows of the rules: their names, the ones a
** gate fails on by default, and checking the rule lists users type.
*/
#include "cescape.h"

#include <stdlib.h>
#include <string.h>

/*
** One rule, as the driver sees it.
*/
typedef struct RuleInfo RuleInfo;
struct RuleInfo {
  const char *zName;
  int bGated; /* A gate fails on it by default */
};

static const RuleInfo aRule[] = {
    {"heap-to-stack", 1}, {"small-buffer", 1},  {"escape", 0},
    {"dangling", 1},      {"false-sharing", 0}, {"array-false-sharing", 0},
};

#define N_RULE ((int)(sizeof(aRule) / sizeof(aRule[0])))

/*
** The rules whose bGated is bGated (-1: every rule), joined by zSep, in
** memory from xmalloc().
*/
static char *rule_list(int bGated, const char *zSep) {
  char *z = xstrdup("");
  int i;
  for (i = 0; i < N_RULE; i++) {
    char *zNext;
    if (bGated >= 0 && aRule[i].bGated != bGated)
      continue;
    zNext = mprintf("%s%s%s", z, z[0] ? zSep : "", aRule[i].zName);
    free(z);
    z = zNext;
  }
  return z;
}

char *gate_default_rules(void) { return rule_list(1, ","); }

int is_rule(const char *zName, size_t nName) {
  int i;
  for (i = 0; i < N_RULE; i++)
    if (strlen(aRule[i].zName) == nName &&
        memcmp(aRule[i].zName, zName, nName) == 0)
      return 1;
  return 0;
}

int check_rule_list(const char *zOption, const char *zList) {
  const char *z = zList;
  if (*z == 0) {
    char *zKnown = rule_list(-1, ", ");
    cescape_error("%s needs rule names; the rules are %s", zOption, zKnown);
    free(zKnown);
    return 1;
  }
  while (*z) {
    size_t n = strcspn(z, ",");
    if (n && !is_rule(z, n)) {
      char *zKnown = rule_list(-1, ", ");
      cescape_error("unknown rule '%.*s' in %s; the rules are %s", (int)n, z,
                    zOption, zKnown);
      free(zKnown);
      return 1;
    }
    z += n + (z[n] == ',');
  }
  return 0;
}
