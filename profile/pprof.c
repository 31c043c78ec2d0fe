/*
** pprof.c - a heap profile in memory, written and read as pprof's gzipped
** profile.proto. The protocol buffer wire format is small enough to write
** by hand: varints, and length-delimited fields (strings, nested messages,
** packed repeated integers).
*/
#include "profile.h"

#include "cescape.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Field numbers of profile.proto. */
enum {
  PROFILE_SAMPLE_TYPE = 1,
  PROFILE_SAMPLE = 2,
  PROFILE_MAPPING = 3,
  PROFILE_LOCATION = 4,
  PROFILE_FUNCTION = 5,
  PROFILE_STRING_TABLE = 6,
  PROFILE_PERIOD_TYPE = 11,
  PROFILE_PERIOD = 12,
  PROFILE_DEFAULT_SAMPLE_TYPE = 14,
  VALUE_TYPE_TYPE = 1,
  VALUE_TYPE_UNIT = 2,
  SAMPLE_LOCATION_ID = 1,
  SAMPLE_VALUE = 2,
  MAPPING_ID = 1,
  MAPPING_MEMORY_START = 2,
  MAPPING_MEMORY_LIMIT = 3,
  MAPPING_FILE_OFFSET = 4,
  MAPPING_FILENAME = 5,
  MAPPING_BUILD_ID = 6,
  MAPPING_HAS_FUNCTIONS = 7,
  MAPPING_HAS_FILENAMES = 8,
  MAPPING_HAS_LINE_NUMBERS = 9,
  MAPPING_HAS_INLINE_FRAMES = 10,
  LOCATION_ID = 1,
  LOCATION_MAPPING_ID = 2,
  LOCATION_ADDRESS = 3,
  LOCATION_LINE = 4,
  LINE_FUNCTION_ID = 1,
  LINE_LINE = 2,
  LINE_COLUMN = 3,
  FUNCTION_ID = 1,
  FUNCTION_NAME = 2,
  FUNCTION_SYSTEM_NAME = 3,
  FUNCTION_FILENAME = 4
};
enum { WIRE_VARINT = 0, WIRE_FIXED64 = 1, WIRE_BYTES = 2, WIRE_FIXED32 = 5 };

/* Grow array *pa of *pnAlloc elements of nSize bytes to hold n + 1. */
static void grow(void *pa, size_t *pnAlloc, size_t n, size_t nSize) {
  if (n < *pnAlloc)
    return;
  size_t nNew = *pnAlloc ? 2 * *pnAlloc : 64;
  void *aNew = realloc(*(void **)pa, nNew * nSize);
  if (aNew == NULL) {
    cescape_error("out of memory");
    exit(CESCAPE_EXIT_USAGE);
  }
  *(void **)pa = aNew;
  *pnAlloc = nNew;
}

#define PROFILE_APPEND(P, ARRAY, COUNT, ALLOC, VALUE)                          \
  (grow(&(P)->ARRAY, &(P)->ALLOC, (P)->COUNT, sizeof *(P)->ARRAY),             \
   (P)->ARRAY[(P)->COUNT] = (VALUE), (P)->COUNT++)

static size_t string_hash(const char *z) {
  size_t h = 5381;
  while (*z)
    h = h * 33 + (unsigned char)*z++;
  return h;
}

/* Put string i into the hash index, growing it to stay half empty. */
static void string_index(Profile *p, size_t i) {
  if (2 * p->nString > p->nStringSlot) {
    free(p->aStringSlot);
    p->nStringSlot = p->nStringSlot ? 2 * p->nStringSlot : 1024;
    p->aStringSlot = calloc(p->nStringSlot, sizeof(size_t));
    if (p->aStringSlot == NULL) {
      cescape_error("out of memory");
      exit(CESCAPE_EXIT_USAGE);
    }
    for (size_t j = 0; j < p->nString; j++)
      if (j != i)
        string_index(p, j);
  }
  size_t h = string_hash(p->azString[i]) & (p->nStringSlot - 1);
  while (p->aStringSlot[h])
    h = (h + 1) & (p->nStringSlot - 1);
  p->aStringSlot[h] = i + 1;
}

int64_t profile_string(Profile *p, const char *z) {
  if (p->nStringSlot) {
    size_t h = string_hash(z) & (p->nStringSlot - 1);
    for (; p->aStringSlot[h]; h = (h + 1) & (p->nStringSlot - 1))
      if (strcmp(p->azString[p->aStringSlot[h] - 1], z) == 0)
        return (int64_t)(p->aStringSlot[h] - 1);
  }
  size_t i = PROFILE_APPEND(p, azString, nString, nStringAlloc, xstrdup(z));
  string_index(p, i);
  return (int64_t)i;
}

size_t profile_add_mapping(Profile *p, ProfMapping m) {
  return PROFILE_APPEND(p, aMapping, nMapping, nMappingAlloc, m);
}
size_t profile_add_function(Profile *p, ProfFunction f) {
  return PROFILE_APPEND(p, aFunction, nFunction, nFunctionAlloc, f);
}
size_t profile_add_line(Profile *p, ProfLine l) {
  return PROFILE_APPEND(p, aLine, nLine, nLineAlloc, l);
}
size_t profile_add_location(Profile *p, ProfLocation l) {
  return PROFILE_APPEND(p, aLocation, nLocation, nLocationAlloc, l);
}
size_t profile_add_loc(Profile *p, uint64_t idLocation) {
  return PROFILE_APPEND(p, aLoc, nLoc, nLocAlloc, idLocation);
}
size_t profile_add_sample(Profile *p, ProfSample s) {
  return PROFILE_APPEND(p, aSample, nSample, nSampleAlloc, s);
}

void profile_init_heap(Profile *p, int64_t period) {
  memset(p, 0, sizeof *p);
  profile_string(p, "");
#define PROFILE_VALUE(NAME, UNIT)                                              \
  p->aTypeName[p->nType] = profile_string(p, #NAME);                           \
  p->aTypeUnit[p->nType++] = profile_string(p, #UNIT);
  PROFILE_VALUES
#undef PROFILE_VALUE
  /* Go's heap profiles show in-use space unless told otherwise. */
  p->iDefaultType = profile_string(p, "inuse_space");
  p->iPeriodType = profile_string(p, "space");
  p->iPeriodUnit = profile_string(p, "bytes");
  p->period = period;
}

void profile_free(Profile *p) {
  for (size_t i = 0; i < p->nString; i++)
    free(p->azString[i]);
  free(p->azString);
  free(p->aStringSlot);
  free(p->aMapping);
  free(p->aFunction);
  free(p->aLine);
  free(p->aLocation);
  free(p->aLoc);
  free(p->aSample);
  memset(p, 0, sizeof *p);
}

void profile_scale(int64_t nCount, int64_t nBytes, int64_t rate,
                   int64_t *pnCount, int64_t *pnBytes) {
  if (nCount <= 0 || nBytes <= 0 || rate <= 1) {
    *pnCount = nCount;
    *pnBytes = nBytes;
    return;
  }
  double avgSize = (double)nBytes / (double)nCount;
  double scale = 1 / (1 - exp(-avgSize / (double)rate));
  *pnCount = (int64_t)((double)nCount * scale);
  *pnBytes = (int64_t)((double)nBytes * scale);
}

char *profile_format_value(int64_t v, const char *zUnit) {
  if (strcmp(zUnit, "bytes") != 0)
    return mprintf("%" PRId64, v);
  static const char *azScale[] = {"B", "kB", "MB", "GB", "TB"};
  double d = (double)v;
  int i = 0;
  while ((d >= 1024 || d <= -1024) && i < 4) {
    d /= 1024;
    i++;
  }
  char *z = mprintf("%.2f", d);
  char *zEnd = z + strlen(z);
  while (zEnd[-1] == '0')
    *--zEnd = 0;
  if (zEnd[-1] == '.')
    *--zEnd = 0;
  char *zOut = mprintf("%s%s", z, azScale[i]);
  free(z);
  return zOut;
}

/*
** Writing.
*/
typedef struct Buf {
  unsigned char *a;
  size_t n, nAlloc;
} Buf;

static void buf_byte(Buf *b, unsigned char c) {
  grow(&b->a, &b->nAlloc, b->n, 1);
  b->a[b->n++] = c;
}
static void buf_varint(Buf *b, uint64_t v) {
  while (v >= 0x80) {
    buf_byte(b, (unsigned char)(v | 0x80));
    v >>= 7;
  }
  buf_byte(b, (unsigned char)v);
}
static void buf_bytes(Buf *b, const void *a, size_t n) {
  for (size_t i = 0; i < n; i++)
    buf_byte(b, ((const unsigned char *)a)[i]);
}
static void put_varint(Buf *b, int field, uint64_t v) {
  if (v == 0)
    return; /* proto3: zero is the default, not written */
  buf_varint(b, (uint64_t)field << 3 | WIRE_VARINT);
  buf_varint(b, v);
}
static void put_bytes(Buf *b, int field, const void *a, size_t n) {
  buf_varint(b, (uint64_t)field << 3 | WIRE_BYTES);
  buf_varint(b, n);
  buf_bytes(b, a, n);
}
/* Append message m as field of b, and empty m for the next one. */
static void put_message(Buf *b, int field, Buf *m) {
  put_bytes(b, field, m->a, m->n);
  m->n = 0;
}
static void put_packed(Buf *b, int field, const uint64_t *a, size_t n,
                       Buf *scratch) {
  for (size_t i = 0; i < n; i++)
    buf_varint(scratch, a[i]);
  put_message(b, field, scratch);
}

static void put_value_type(Buf *b, int field, int64_t iType, int64_t iUnit,
                           Buf *m) {
  put_varint(m, VALUE_TYPE_TYPE, (uint64_t)iType);
  put_varint(m, VALUE_TYPE_UNIT, (uint64_t)iUnit);
  put_message(b, field, m);
}

int profile_write(const Profile *p, const char *zPath) {
  Buf b = {0}, m = {0}, inner = {0};
  for (size_t i = 0; i < p->nType; i++)
    put_value_type(&b, PROFILE_SAMPLE_TYPE, p->aTypeName[i], p->aTypeUnit[i],
                   &m);
  for (size_t i = 0; i < p->nSample; i++) {
    const ProfSample *s = &p->aSample[i];
    uint64_t aValue[PROFILE_NVALUE];
    for (size_t j = 0; j < p->nType; j++)
      aValue[j] = (uint64_t)s->aValue[j];
    put_packed(&m, SAMPLE_LOCATION_ID, p->aLoc + s->iFirstLoc, s->nLoc, &inner);
    put_packed(&m, SAMPLE_VALUE, aValue, p->nType, &inner);
    put_message(&b, PROFILE_SAMPLE, &m);
  }
  for (size_t i = 0; i < p->nMapping; i++) {
    const ProfMapping *map = &p->aMapping[i];
    put_varint(&m, MAPPING_ID, i + 1);
    put_varint(&m, MAPPING_MEMORY_START, map->start);
    put_varint(&m, MAPPING_MEMORY_LIMIT, map->limit);
    put_varint(&m, MAPPING_FILE_OFFSET, map->offset);
    put_varint(&m, MAPPING_FILENAME, (uint64_t)map->iFile);
    put_varint(&m, MAPPING_BUILD_ID, (uint64_t)map->iBuildId);
    /* Symbolised here: pprof must not look for the binaries again. */
    put_varint(&m, MAPPING_HAS_FUNCTIONS, 1);
    put_varint(&m, MAPPING_HAS_FILENAMES, 1);
    put_varint(&m, MAPPING_HAS_LINE_NUMBERS, 1);
    put_varint(&m, MAPPING_HAS_INLINE_FRAMES, 1);
    put_message(&b, PROFILE_MAPPING, &m);
  }
  for (size_t i = 0; i < p->nLocation; i++) {
    const ProfLocation *l = &p->aLocation[i];
    put_varint(&m, LOCATION_ID, i + 1);
    put_varint(&m, LOCATION_MAPPING_ID, l->idMapping);
    put_varint(&m, LOCATION_ADDRESS, l->address);
    for (size_t j = 0; j < l->nLine; j++) {
      const ProfLine *line = &p->aLine[l->iFirstLine + j];
      put_varint(&inner, LINE_FUNCTION_ID, line->idFunction);
      put_varint(&inner, LINE_LINE, (uint64_t)line->iLine);
      put_varint(&inner, LINE_COLUMN, (uint64_t)line->iCol);
      put_message(&m, LOCATION_LINE, &inner);
    }
    put_message(&b, PROFILE_LOCATION, &m);
  }
  for (size_t i = 0; i < p->nFunction; i++) {
    const ProfFunction *f = &p->aFunction[i];
    put_varint(&m, FUNCTION_ID, i + 1);
    put_varint(&m, FUNCTION_NAME, (uint64_t)f->iName);
    put_varint(&m, FUNCTION_SYSTEM_NAME, (uint64_t)f->iName);
    put_varint(&m, FUNCTION_FILENAME, (uint64_t)f->iFile);
    put_message(&b, PROFILE_FUNCTION, &m);
  }
  for (size_t i = 0; i < p->nString; i++)
    put_bytes(&b, PROFILE_STRING_TABLE, p->azString[i], strlen(p->azString[i]));
  put_value_type(&b, PROFILE_PERIOD_TYPE, p->iPeriodType, p->iPeriodUnit, &m);
  put_varint(&b, PROFILE_PERIOD, (uint64_t)p->period);
  put_varint(&b, PROFILE_DEFAULT_SAMPLE_TYPE, (uint64_t)p->iDefaultType);

  int rc = 0;
  gzFile gz = gzopen(zPath, "wb");
  if (gz == NULL || (b.n && gzwrite(gz, b.a, (unsigned)b.n) != (int)b.n))
    rc = errno ? errno : EIO;
  if (gz && gzclose(gz) != Z_OK && rc == 0)
    rc = errno ? errno : EIO;
  free(b.a);
  free(m.a);
  free(inner.a);
  return rc;
}

/*
** Reading: the fields cescape writes; others are skipped.
*/
typedef struct Reader {
  const unsigned char *a;
  size_t n, i;
  int bBad;
} Reader;

static uint64_t get_varint(Reader *r) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (r->i >= r->n) {
      r->bBad = 1;
      return 0;
    }
    unsigned char c = r->a[r->i++];
    v |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80))
      return v;
  }
  r->bBad = 1;
  return 0;
}

/* The next field's number and wire type; 0 at the end or on an error. */
static int next_field(Reader *r, int *pWire) {
  if (r->bBad || r->i >= r->n)
    return 0;
  uint64_t key = get_varint(r);
  *pWire = (int)(key & 7);
  return r->bBad ? 0 : (int)(key >> 3);
}

/* The payload of a length-delimited field, as a reader of its own. */
static Reader get_bytes(Reader *r) {
  Reader sub = {0};
  uint64_t n = get_varint(r);
  if (r->bBad || n > r->n - r->i) {
    r->bBad = 1;
    sub.bBad = 1;
    return sub;
  }
  sub.a = r->a + r->i;
  sub.n = (size_t)n;
  r->i += (size_t)n;
  return sub;
}

static void skip_field(Reader *r, int wire) {
  switch (wire) {
  case WIRE_VARINT:
    get_varint(r);
    break;
  case WIRE_FIXED64:
    r->i += 8;
    break;
  case WIRE_BYTES:
    get_bytes(r);
    break;
  case WIRE_FIXED32:
    r->i += 4;
    break;
  default:
    r->bBad = 1;
  }
  if (r->i > r->n)
    r->bBad = 1;
}

/* A repeated integer field, packed or not: call xAdd for each value. */
static void get_repeated(Reader *r, int wire, Profile *p,
                         void (*xAdd)(Profile *, uint64_t, void *),
                         void *pArg) {
  if (wire == WIRE_BYTES) {
    Reader packed = get_bytes(r);
    while (!packed.bBad && packed.i < packed.n)
      xAdd(p, get_varint(&packed), pArg);
    r->bBad |= packed.bBad;
  } else {
    xAdd(p, get_varint(r), pArg);
  }
}

static void add_loc(Profile *p, uint64_t v, void *pArg) {
  (void)pArg;
  profile_add_loc(p, v);
}
static void add_value(Profile *p, uint64_t v, void *pArg) {
  ProfSample *s = pArg;
  (void)p;
  /* Values past the types this profile knows are dropped. */
  for (size_t j = 0; j < PROFILE_NVALUE; j++) {
    if (s->aValue[j] == INT64_MIN) {
      s->aValue[j] = (int64_t)v;
      return;
    }
  }
}

static void read_sample(Profile *p, Reader *r) {
  ProfSample s = {.iFirstLoc = p->nLoc};
  int wire, field;
  for (size_t j = 0; j < PROFILE_NVALUE; j++)
    s.aValue[j] = INT64_MIN;
  while ((field = next_field(r, &wire)) != 0) {
    if (field == SAMPLE_LOCATION_ID)
      get_repeated(r, wire, p, add_loc, NULL);
    else if (field == SAMPLE_VALUE)
      get_repeated(r, wire, p, add_value, &s);
    else
      skip_field(r, wire);
  }
  for (size_t j = 0; j < PROFILE_NVALUE; j++)
    if (s.aValue[j] == INT64_MIN)
      s.aValue[j] = 0;
  s.nLoc = p->nLoc - s.iFirstLoc;
  profile_add_sample(p, s);
}

/* The two varint fields of a ValueType. */
static void read_value_type(Reader *r, int64_t *piType, int64_t *piUnit) {
  int wire, field;
  while ((field = next_field(r, &wire)) != 0) {
    if (field == VALUE_TYPE_TYPE && wire == WIRE_VARINT)
      *piType = (int64_t)get_varint(r);
    else if (field == VALUE_TYPE_UNIT && wire == WIRE_VARINT)
      *piUnit = (int64_t)get_varint(r);
    else
      skip_field(r, wire);
  }
}

/*
** Read message r's varint fields 1..nField into aField (others skipped),
** calling xNested for length-delimited field nNestedField.
*/
static void read_varints(Reader *r, uint64_t *aField, int nField,
                         int nNestedField, Profile *p,
                         void (*xNested)(Profile *, Reader *)) {
  int wire, field;
  while ((field = next_field(r, &wire)) != 0) {
    if (field == nNestedField && wire == WIRE_BYTES) {
      Reader sub = get_bytes(r);
      xNested(p, &sub);
      r->bBad |= sub.bBad;
    } else if (field >= 1 && field <= nField && wire == WIRE_VARINT) {
      aField[field - 1] = get_varint(r);
    } else {
      skip_field(r, wire);
    }
  }
}

static void read_line(Profile *p, Reader *r) {
  uint64_t a[3] = {0};
  read_varints(r, a, 3, 0, p, NULL);
  profile_add_line(p, (ProfLine){.idFunction = a[0],
                                 .iLine = (int64_t)a[1],
                                 .iCol = (int64_t)a[2]});
}

/* Ids are checked against their index: cescape writes them dense. */
static int read_entries(Profile *p, Reader *r, int field, char **pzErr) {
  uint64_t a[10] = {0};
  if (field == PROFILE_MAPPING) {
    read_varints(r, a, 6, 0, p, NULL);
    if (a[0] != p->nMapping + 1)
      goto bad_id;
    profile_add_mapping(
        p, (ProfMapping){a[1], a[2], a[3], (int64_t)a[4], (int64_t)a[5]});
  } else if (field == PROFILE_LOCATION) {
    size_t iFirst = p->nLine;
    read_varints(r, a, 3, LOCATION_LINE, p, read_line);
    if (a[0] != p->nLocation + 1)
      goto bad_id;
    profile_add_location(p,
                         (ProfLocation){a[1], a[2], iFirst, p->nLine - iFirst});
  } else {
    read_varints(r, a, 4, 0, p, NULL);
    if (a[0] != p->nFunction + 1)
      goto bad_id;
    profile_add_function(p, (ProfFunction){(int64_t)a[1], (int64_t)a[3]});
  }
  return 0;
bad_id:
  *pzErr = xstrdup("ids that are not 1, 2, 3...: not written by cescape");
  return 1;
}

static int parse_profile(Profile *p, Reader *r, char **pzErr) {
  int wire, field;
  while ((field = next_field(r, &wire)) != 0) {
    if (wire == WIRE_BYTES && field == PROFILE_STRING_TABLE) {
      Reader s = get_bytes(r);
      if (s.bBad)
        break;
      char *z = xmalloc(s.n + 1);
      memcpy(z, s.a, s.n);
      z[s.n] = 0;
      PROFILE_APPEND(p, azString, nString, nStringAlloc, z);
    } else if (wire == WIRE_BYTES &&
               (field == PROFILE_SAMPLE_TYPE || field == PROFILE_PERIOD_TYPE)) {
      Reader sub = get_bytes(r);
      int64_t iType = 0, iUnit = 0;
      read_value_type(&sub, &iType, &iUnit);
      if (field == PROFILE_PERIOD_TYPE) {
        p->iPeriodType = iType;
        p->iPeriodUnit = iUnit;
      } else if (p->nType < PROFILE_NVALUE) {
        p->aTypeName[p->nType] = iType;
        p->aTypeUnit[p->nType++] = iUnit;
      }
    } else if (wire == WIRE_BYTES && field == PROFILE_SAMPLE) {
      Reader sub = get_bytes(r);
      read_sample(p, &sub);
    } else if (wire == WIRE_BYTES &&
               (field == PROFILE_MAPPING || field == PROFILE_LOCATION ||
                field == PROFILE_FUNCTION)) {
      Reader sub = get_bytes(r);
      if (read_entries(p, &sub, field, pzErr))
        return 1;
    } else if (wire == WIRE_VARINT && field == PROFILE_PERIOD) {
      p->period = (int64_t)get_varint(r);
    } else if (wire == WIRE_VARINT && field == PROFILE_DEFAULT_SAMPLE_TYPE) {
      p->iDefaultType = (int64_t)get_varint(r);
    } else {
      skip_field(r, wire);
    }
  }
  if (r->bBad) {
    *pzErr = xstrdup("not a profile.proto (bad protocol buffer)");
    return 1;
  }
  /* Every string reference must be in the table. */
  int64_t n = (int64_t)p->nString;
  int bad = n == 0 || p->iDefaultType >= n || p->iPeriodType >= n ||
            p->iPeriodUnit >= n;
  for (size_t i = 0; i < p->nType; i++)
    bad |= p->aTypeName[i] >= n || p->aTypeUnit[i] >= n;
  for (size_t i = 0; i < p->nFunction; i++)
    bad |= p->aFunction[i].iName >= n || p->aFunction[i].iFile >= n ||
           p->aFunction[i].iName < 0 || p->aFunction[i].iFile < 0;
  for (size_t i = 0; i < p->nLine; i++)
    bad |= p->aLine[i].idFunction > p->nFunction;
  for (size_t i = 0; i < p->nLoc; i++)
    bad |= p->aLoc[i] == 0 || p->aLoc[i] > p->nLocation;
  if (bad) {
    *pzErr = xstrdup("not a profile.proto (references past its tables)");
    return 1;
  }
  return 0;
}

int profile_read(Profile *p, const char *zPath, char **pzErr) {
  memset(p, 0, sizeof *p);
  gzFile gz = gzopen(zPath, "rb");
  if (gz == NULL) {
    *pzErr = mprintf("cannot open: %s", strerror(errno ? errno : ENOMEM));
    return 1;
  }
  Buf b = {0};
  unsigned char aChunk[65536];
  int n;
  while ((n = gzread(gz, aChunk, sizeof aChunk)) > 0)
    buf_bytes(&b, aChunk, (size_t)n);
  int errnum;
  const char *zGzErr = gzerror(gz, &errnum);
  if (n < 0 || errnum != Z_OK) {
    *pzErr = mprintf("cannot read: %s", zGzErr);
    gzclose(gz);
    free(b.a);
    return 1;
  }
  gzclose(gz);
  Reader r = {.a = b.a, .n = b.n};
  int rc = parse_profile(p, &r, pzErr);
  free(b.a);
  if (rc)
    profile_free(p);
  return rc;
}
