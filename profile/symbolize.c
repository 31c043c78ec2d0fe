/*
** symbolize.c - program counters to functions and file:line:col, through
** elfutils' libdwfl and libdw: the line table for the innermost position,
** the DWARF scopes for inlined calls (each inlined function's call site is
** the position of the frame around it), separate debug files found the
** standard way (.gnu_debuglink, /usr/lib/debug/.build-id).
**
** Clang emits no .debug_aranges, and elfutils 0.188 finds a unit by address
** only through them, so each file's units are indexed here by their ranges,
** and so are the functions (the subprograms at a unit's top level) of each
** unit a position falls in, when it first does: a position's scopes are found
*by descending from its function through the
** inlined calls and blocks that hold it. dwarf_getscopes would walk the
** whole unit for every address (billions of instructions for SQLite's one
** unit), and past an inlined call it goes on with the inlined function's
** own scopes instead of its caller's.
*/
#include "profile.h"

#include "cescape.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <stdlib.h>
#include <string.h>

/* An address range of a unit or a function. */
typedef struct DieRange {
  Dwarf_Addr low, high; /* [low, high) in DWARF addresses */
  Dwarf_Die die;
} DieRange;

/* Ranges sorted by low once complete; ranges of units do not overlap, nor
   do those of functions. */
typedef struct RangeList {
  DieRange *a;
  size_t n, nAlloc;
} RangeList;

/* One ELF file, opened on its own so that addresses are its own. */
typedef struct SymFile SymFile;
struct SymFile {
  SymFile *pNext;
  char *zPath;
  char *zBuildId;
  Dwfl *dwfl;
  Dwfl_Module *mod;  /* NULL: unusable, warned about once */
  Dwarf_Addr bias;   /* module address minus file address */
  Dwarf_Addr dwBias; /* module address minus DWARF address */
  RangeList units;
  RangeList functions; /* of the units in indexedUnits */
  U64Map indexedUnits; /* DIE offset + 1 of a unit -> 1 */
};

struct Symbolizer {
  SymFile *pFiles;
};

static char *zDebugInfoPath = NULL;
static const Dwfl_Callbacks offlineCallbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
    .debuginfo_path = &zDebugInfoPath,
};

Symbolizer *symbolizer_new(void) {
  Symbolizer *s = xmalloc(sizeof *s);
  s->pFiles = NULL;
  return s;
}

void symbolizer_free(Symbolizer *s) {
  while (s->pFiles) {
    SymFile *f = s->pFiles;
    s->pFiles = f->pNext;
    if (f->dwfl)
      dwfl_end(f->dwfl);
    free(f->zPath);
    free(f->zBuildId);
    free(f->units.a);
    free(f->functions.a);
    free(f->indexedUnits.aKey);
    free(f->indexedUnits.aValue);
    free(f);
  }
  free(s);
}

/* The build ID of mod in hex, or "-". */
static char *module_build_id(Dwfl_Module *mod) {
  const unsigned char *aBits;
  GElf_Addr vaddr;
  int n = dwfl_module_build_id(mod, &aBits, &vaddr);
  if (n <= 0)
    return xstrdup("-");
  char *z = xmalloc(2 * (size_t)n + 1);
  for (int i = 0; i < n; i++) {
    z[2 * i] = "0123456789abcdef"[aBits[i] >> 4];
    z[2 * i + 1] = "0123456789abcdef"[aBits[i] & 15];
  }
  z[2 * n] = 0;
  return z;
}

static int compare_ranges(const void *pA, const void *pB) {
  const DieRange *a = pA, *b = pB;
  return a->low < b->low ? -1 : a->low > b->low;
}

/* Add die's address ranges to l. */
static void add_ranges(RangeList *l, Dwarf_Die *die) {
  Dwarf_Addr base, low, high;
  ptrdiff_t at = 0;
  while ((at = dwarf_ranges(die, at, &base, &low, &high)) > 0) {
    if (l->n == l->nAlloc) {
      l->nAlloc = l->nAlloc ? 2 * l->nAlloc : 64;
      DieRange *aNew = xmalloc(sizeof(DieRange) * l->nAlloc);
      if (l->n)
        memcpy(aNew, l->a, sizeof(DieRange) * l->n);
      free(l->a);
      l->a = aNew;
    }
    l->a[l->n++] = (DieRange){low, high, *die};
  }
}

/* Index the units of f's DWARF (none without debug information). */
static void index_units(SymFile *f) {
  Dwarf *dw = dwfl_module_getdwarf(f->mod, &f->dwBias);
  if (dw == NULL)
    return;
  Dwarf_CU *cu = NULL;
  Dwarf_Die unit;
  uint8_t unitType;
  while (dwarf_get_units(dw, cu, &cu, NULL, &unitType, &unit, NULL) == 0)
    add_ranges(&f->units, &unit);
  qsort(f->units.a, f->units.n, sizeof(DieRange), compare_ranges);
}

/* Index the functions of unit (once): a walk over the whole unit. */
static void index_functions(SymFile *f, Dwarf_Die *unit) {
  uint64_t key = dwarf_dieoffset(unit) + 1;
  if (u64_get(&f->indexedUnits, key))
    return;
  u64_put(&f->indexedUnits, key, 1);
  Dwarf_Die child;
  if (dwarf_child(unit, &child) != 0)
    return;
  do
    if (dwarf_tag(&child) == DW_TAG_subprogram)
      add_ranges(&f->functions, &child);
  while (dwarf_siblingof(&child, &child) == 0);
  qsort(f->functions.a, f->functions.n, sizeof(DieRange), compare_ranges);
}

/* The DIE whose range in l holds DWARF address addr, or NULL. */
static Dwarf_Die *die_at(const RangeList *l, Dwarf_Addr addr) {
  size_t lo = 0, hi = l->n;
  while (lo < hi) { /* the first range starting after addr */
    size_t mid = lo + (hi - lo) / 2;
    if (l->a[mid].low <= addr)
      lo = mid + 1;
    else
      hi = mid;
  }
  /* Ranges do not overlap; a few steps back covers nesting. */
  for (size_t i = lo; i-- > 0 && lo - i <= 8;)
    if (addr < l->a[i].high)
      return &l->a[i].die;
  return NULL;
}

/*
** The scopes holding addr inside function *pFunction, innermost first, the
** function last: the inlined calls and lexical blocks whose ranges hold it,
** each inside the one before. At most nMax; their number returned.
*/
static int scopes_at(Dwarf_Die *pFunction, Dwarf_Addr addr, Dwarf_Die *aScope,
                     int nMax) {
  int n = 0;
  aScope[n++] = *pFunction;
  int bDeeper = 1;
  while (bDeeper && n < nMax) {
    Dwarf_Die child;
    bDeeper = 0;
    if (dwarf_child(&aScope[n - 1], &child) != 0)
      break;
    do {
      int tag = dwarf_tag(&child);
      if ((tag == DW_TAG_inlined_subroutine || tag == DW_TAG_lexical_block) &&
          dwarf_haspc(&child, addr) == 1) {
        aScope[n++] = child;
        bDeeper = 1;
        break;
      }
    } while (dwarf_siblingof(&child, &child) == 0);
  }
  for (int i = 0; i < n / 2; i++) {
    Dwarf_Die t = aScope[i];
    aScope[i] = aScope[n - 1 - i];
    aScope[n - 1 - i] = t;
  }
  return n;
}

static SymFile *sym_file(Symbolizer *s, const char *zPath, const char *zBuildId,
                         const char **pzWarn) {
  for (SymFile *f = s->pFiles; f; f = f->pNext)
    if (strcmp(f->zPath, zPath) == 0 && strcmp(f->zBuildId, zBuildId) == 0)
      return f;
  SymFile *f = xmalloc(sizeof *f);
  memset(f, 0, sizeof *f);
  f->zPath = xstrdup(zPath);
  f->zBuildId = xstrdup(zBuildId);
  f->pNext = s->pFiles;
  s->pFiles = f;
  f->dwfl = dwfl_begin(&offlineCallbacks);
  Dwfl_Module *mod =
      f->dwfl ? dwfl_report_elf(f->dwfl, zPath, zPath, -1, 0, false) : NULL;
  if (f->dwfl)
    dwfl_report_end(f->dwfl, NULL, NULL);
  if (mod == NULL) {
    *pzWarn = f->dwfl ? dwfl_errmsg(-1) : "cannot start libdwfl";
    return f;
  }
  char *zFound = module_build_id(mod);
  int bSame = strcmp(zBuildId, "-") == 0 || strcmp(zFound, zBuildId) == 0;
  free(zFound);
  if (!bSame) {
    *pzWarn = "the file changed since the program ran (its build ID differs)";
    return f;
  }
  if (dwfl_module_getelf(mod, &f->bias) == NULL) {
    *pzWarn = dwfl_errmsg(-1);
    return f;
  }
  f->mod = mod;
  index_units(f);
  return f;
}

/* An unsigned attribute of die, or 0. */
static Dwarf_Word die_udata(Dwarf_Die *die, unsigned name) {
  Dwarf_Attribute attr;
  Dwarf_Word w = 0;
  if (dwarf_formudata(dwarf_attr(die, name, &attr), &w) != 0)
    return 0;
  return w;
}

int symbolize(Symbolizer *s, const char *zPath, const char *zBuildId,
              uint64_t pc, SymFrame *aFrame, int nMax, const char **pzWarn) {
  SymFile *f = sym_file(s, zPath, zBuildId, pzWarn);
  if (f->mod == NULL || nMax <= 0)
    return 0;
  Dwarf_Addr addr = pc + f->bias - f->dwBias;
  const char *zFile = NULL;
  int iLine = 0, iCol = 0;
  Dwarf_Die *cu = die_at(&f->units, addr);
  Dwarf_Line *pLine = cu ? dwarf_getsrc_die(cu, addr) : NULL;
  if (pLine) {
    zFile = dwarf_linesrc(pLine, NULL, NULL);
    dwarf_lineno(pLine, &iLine);
    dwarf_linecol(pLine, &iCol);
  }

  int n = 0;
  Dwarf_Die aScope[64];
  if (cu)
    index_functions(f, cu);
  Dwarf_Die *pFunction = die_at(&f->functions, addr);
  int nScope = cu && pFunction ? scopes_at(pFunction, addr, aScope, 64) : 0;
  Dwarf_Files *files = NULL;
  size_t nFiles = 0;
  if (cu && dwarf_getsrcfiles(cu, &files, &nFiles) != 0)
    files = NULL;
  for (int i = 0; i < nScope && n < nMax; i++) {
    int tag = dwarf_tag(&aScope[i]);
    if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram)
      continue;
    const char *zName = dwarf_diename(&aScope[i]);
    if (zName == NULL && tag == DW_TAG_subprogram)
      zName = dwfl_module_addrname(f->mod, pc + f->bias);
    aFrame[n++] = (SymFrame){zName, zFile, iLine, iCol};
    if (tag == DW_TAG_subprogram)
      break;
    /* The frame around an inlined function is at the inlined call. */
    Dwarf_Word iCallFile = die_udata(&aScope[i], DW_AT_call_file);
    zFile = files && iCallFile < nFiles
                ? dwarf_filesrc(files, iCallFile, NULL, NULL)
                : NULL;
    iLine = (int)die_udata(&aScope[i], DW_AT_call_line);
    iCol = (int)die_udata(&aScope[i], DW_AT_call_column);
  }
  if (n == 0) /* no DWARF: the symbol table's name, if any */
    aFrame[n++] = (SymFrame){dwfl_module_addrname(f->mod, pc + f->bias), zFile,
                             iLine, iCol};
  return n;
}
