/*
** rules.c - what the driver knows of the rules: their names, the ones a
** gate fails on by default, what each is about, their report colours,
** SARIF descriptions and README sections, and checking the rule lists
** users type.
*/
#include "cescape.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/*
** One rule, as the driver sees it.
*/
typedef struct RuleInfo RuleInfo;
struct RuleInfo {
  const char *zName;
  int bGated;          /* A gate fails on it by default */
  const char *zKind;   /* stack, escape or layout (see db/rules.def) */
  const char *zColour; /* The report's colour of its findings */
  const char *zLevel;  /* SARIF level: what the compiler prints it as */
  const char *zShort;  /* SARIF shortDescription */
  const char *zFull;   /* SARIF fullDescription */
  const char *zAnchor; /* Its section of the README */
};

/* A compiler's remark is a SARIF note. */
#define SARIF_LEVEL_remark "note"
#define SARIF_LEVEL_warning "warning"

/* clang-format off */
static const RuleInfo aRule[] = {
#define CESCAPE_RULE(Id, Name, Severity, Gated, Kind, Colour, Anchor, Short, Full) \
  {Name, Gated, #Kind, Colour, SARIF_LEVEL_##Severity, Short, Full, Anchor},
#include "rules.def"
};
/* clang-format on */

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
  int nRule = 0;
  while (*z) {
    size_t n = strcspn(z, ",");
    if (n && !is_rule(z, n)) {
      char *zKnown = rule_list(-1, ", ");
      cescape_error("unknown rule '%.*s' in %s; the rules are %s", (int)n, z,
                    zOption, zKnown);
      free(zKnown);
      return 1;
    }
    nRule += n > 0;
    z += n + (z[n] == ',');
  }
  if (nRule == 0) { /* "" or ",": a gate that fails on nothing */
    char *zKnown = rule_list(-1, ", ");
    cescape_error("%s needs rule names; the rules are %s", zOption, zKnown);
    free(zKnown);
    return 1;
  }
  return 0;
}

int rules_table(sqlite3 *db) {
  sqlite3_stmt *pIns = NULL;
  int i, bad = sqlite3_exec(db,
                            "CREATE TEMP TABLE IF NOT EXISTS rules(idx INTEGER"
                            " PRIMARY KEY, name TEXT UNIQUE, level TEXT,"
                            " short TEXT, full TEXT, anchor TEXT, kind TEXT,"
                            " colour TEXT)",
                            NULL, NULL, NULL) != SQLITE_OK ||
               sqlite3_prepare_v2(db,
                                  "INSERT OR REPLACE INTO temp.rules VALUES"
                                  " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                  -1, &pIns, NULL) != SQLITE_OK;
  for (i = 0; !bad && i < N_RULE; i++) {
    sqlite3_bind_int(pIns, 1, i);
    sqlite3_bind_text(pIns, 2, aRule[i].zName, -1, SQLITE_STATIC);
    sqlite3_bind_text(pIns, 3, aRule[i].zLevel, -1, SQLITE_STATIC);
    sqlite3_bind_text(pIns, 4, aRule[i].zShort, -1, SQLITE_STATIC);
    sqlite3_bind_text(pIns, 5, aRule[i].zFull, -1, SQLITE_STATIC);
    sqlite3_bind_text(pIns, 6, aRule[i].zAnchor, -1, SQLITE_STATIC);
    sqlite3_bind_text(pIns, 7, aRule[i].zKind, -1, SQLITE_STATIC);
    sqlite3_bind_text(pIns, 8, aRule[i].zColour, -1, SQLITE_STATIC);
    bad = sqlite3_step(pIns) != SQLITE_DONE;
    sqlite3_reset(pIns);
  }
  sqlite3_finalize(pIns);
  return bad;
}
