/*
** cmd_top.c - "cescape top": the heaviest functions (or lines) of a pprof
** profile, like "go tool pprof -top": flat (where the sample was taken:
** the innermost frame), cumulative (anywhere on the stack, once per
** sample), sorted by flat.
**
**   cescape top [--sample TYPE] [--lines] [--nodecount N] FILE
*/
#include "cescape.h"

#include "profile.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
const char cmd_top_usage[] =
  "usage: cescape top [--sample TYPE] [--lines] [--nodecount N] FILE\n"
  "\n"
  "Print the functions of a pprof profile (cescape profile writes them)\n"
  "that weigh most, like go tool pprof -top: flat is what was sampled in\n"
  "the function itself, cum what was sampled in it or its callees.\n"
  "\n"
  "Options:\n"
  "  --sample TYPE    The value to rank by: alloc_objects, alloc_space,\n"
  "                   inuse_objects, inuse_space (default: the file's\n"
  "                   default, inuse_space for heap profiles)\n"
  "  --lines          One row per source line (function file:line:col)\n"
  "  --nodecount N    Print only the N heaviest rows\n";
/* clang-format on */

typedef struct TopNode {
  uint64_t idFunction; /* 0: a location without lines */
  uint64_t address;
  int64_t iLine, iCol;
  int64_t flat, cum;
  size_t iLastSample; /* + 1: cum counts a node once per sample */
} TopNode;

typedef struct Top {
  const Profile *p;
  int bLines;
  TopNode *aNode;
  size_t nNode, nNodeAlloc;
  U64Map byKey; /* node key -> index + 1 */
} Top;

/* The node of a line (or of a location without lines), created if new. */
static TopNode *top_node(Top *t, const ProfLocation *l, const ProfLine *line) {
  uint64_t key;
  if (line == NULL)
    key = 1ull << 63 | l->address;
  else if (t->bLines)
    key = line->idFunction << 40 | (uint64_t)(line->iLine & 0xffffff) << 16 |
          (uint64_t)(line->iCol & 0xffff);
  else
    key = line->idFunction << 40;
  uint64_t i = u64_get(&t->byKey, key);
  if (i)
    return &t->aNode[i - 1];
  if (t->nNode == t->nNodeAlloc) {
    t->nNodeAlloc = t->nNodeAlloc ? 2 * t->nNodeAlloc : 256;
    TopNode *aNew = xmalloc(sizeof(TopNode) * t->nNodeAlloc);
    if (t->nNode)
      memcpy(aNew, t->aNode, sizeof(TopNode) * t->nNode);
    free(t->aNode);
    t->aNode = aNew;
  }
  TopNode *n = &t->aNode[t->nNode];
  memset(n, 0, sizeof *n);
  n->address = l->address;
  if (line) {
    n->idFunction = line->idFunction;
    n->iLine = t->bLines ? line->iLine : 0;
    n->iCol = t->bLines ? line->iCol : 0;
  }
  u64_put(&t->byKey, key, ++t->nNode);
  return n;
}

static void top_add(Top *t, size_t iSample, int64_t v) {
  const Profile *p = t->p;
  const ProfSample *s = &p->aSample[iSample];
  int bFirst = 1;
  for (size_t i = 0; i < s->nLoc; i++) {
    const ProfLocation *l = &p->aLocation[p->aLoc[s->iFirstLoc + i] - 1];
    for (size_t k = 0; k < (l->nLine ? l->nLine : 1); k++) {
      TopNode *n =
          top_node(t, l, l->nLine ? &p->aLine[l->iFirstLine + k] : NULL);
      if (bFirst)
        n->flat += v;
      bFirst = 0;
      if (n->iLastSample != iSample + 1)
        n->cum += v;
      n->iLastSample = iSample + 1;
    }
  }
}

static int compare_nodes(const void *pA, const void *pB) {
  const TopNode *a = pA, *b = pB;
  if (a->flat != b->flat)
    return a->flat > b->flat ? -1 : 1;
  if (a->cum != b->cum)
    return a->cum > b->cum ? -1 : 1;
  return a->idFunction < b->idFunction ? -1 : a->idFunction > b->idFunction;
}

static double percent(int64_t v, int64_t total) {
  return total ? 100.0 * (double)v / (double)total : 0;
}

static void print_top(Top *t, size_t iValue, long nMax) {
  const Profile *p = t->p;
  const char *zUnit = p->azString[p->aTypeUnit[iValue]];
  int64_t total = 0, shown = 0, sum = 0;
  for (size_t i = 0; i < t->nNode; i++)
    total += t->aNode[i].flat;
  size_t nShow = nMax > 0 && (size_t)nMax < t->nNode ? (size_t)nMax : t->nNode;
  for (size_t i = 0; i < nShow; i++)
    shown += t->aNode[i].flat;
  char *zShown = profile_format_value(shown, zUnit);
  char *zTotal = profile_format_value(total, zUnit);
  printf("Type: %s\n", p->azString[p->aTypeName[iValue]]);
  printf("Showing nodes accounting for %s, %.2f%% of %s total\n", zShown,
         percent(shown, total), zTotal);
  free(zShown);
  free(zTotal);
  printf("%10s %6s %6s %10s %6s\n", "flat", "flat%", "sum%", "cum", "cum%");
  for (size_t i = 0; i < nShow; i++) {
    const TopNode *n = &t->aNode[i];
    char *zFlat = profile_format_value(n->flat, zUnit);
    char *zCum = profile_format_value(n->cum, zUnit);
    sum += n->flat;
    printf("%10s %5.2f%% %5.2f%% %10s %5.2f%%  ", zFlat,
           percent(n->flat, total), percent(sum, total), zCum,
           percent(n->cum, total));
    free(zFlat);
    free(zCum);
    if (n->idFunction == 0) {
      printf("%#" PRIx64 "\n", n->address);
      continue;
    }
    const ProfFunction *f = &p->aFunction[n->idFunction - 1];
    printf("%s", p->azString[f->iName]);
    if (t->bLines)
      printf(" %s:%" PRId64 ":%" PRId64, p->azString[f->iFile], n->iLine,
             n->iCol);
    printf("\n");
  }
}

int cmd_top(CescapeState *pState, int nArg, char **azArg) {
  const char *zSample = NULL;
  int bLines = 0;
  long nMax = 0;
  StringList files = {0};
  const CommandOption aOpt[] = {{0, "sample", .pzString = &zSample},
                                {0, "lines", .pbFlag = &bLines},
                                {0, "nodecount", .pnCount = &nMax},
                                {0}};
  int rc = parse_options(nArg, azArg, aOpt, cmd_top_usage, &files);
  (void)pState;
  if (rc != CESCAPE_PARSED) {
    free(files.az);
    return rc;
  }
  if (files.n != 1) {
    cescape_error("top takes one profile, got %d (see cescape top --help)",
                  files.n);
    free(files.az);
    return CESCAPE_EXIT_USAGE;
  }
  Profile p;
  char *zErr = NULL;
  if (profile_read(&p, files.az[0], &zErr)) {
    cescape_error("cannot read profile '%s': %s", files.az[0], zErr);
    free(zErr);
    free(files.az);
    return CESCAPE_EXIT_USAGE;
  }
  free(files.az);
  const char *zWant = zSample ? zSample : p.azString[p.iDefaultType];
  size_t iValue = p.nType;
  for (size_t i = 0; i < p.nType; i++)
    if (strcmp(p.azString[p.aTypeName[i]], zWant) == 0)
      iValue = i;
  if (iValue == p.nType && zSample == NULL && p.nType > 0)
    iValue = p.nType - 1; /* no default: the last type, as pprof does */
  if (iValue == p.nType) {
    cescape_error("the profile has no sample type '%s'", zWant);
    profile_free(&p);
    return CESCAPE_EXIT_USAGE;
  }
  Top t = {.p = &p, .bLines = bLines};
  for (size_t i = 0; i < p.nSample; i++)
    if (p.aSample[i].aValue[iValue])
      top_add(&t, i, p.aSample[i].aValue[iValue]);
  qsort(t.aNode, t.nNode, sizeof(TopNode), compare_nodes);
  print_top(&t, iValue, nMax);
  free(t.aNode);
  free(t.byKey.aKey);
  free(t.byKey.aValue);
  profile_free(&p);
  return CESCAPE_EXIT_OK;
}
