/*
** cmd_collect.c - "cescape collect": load the findings objects carry.
**
**   cescape collect [--db FILE] PATH...
**
** The plugin writes each unit's rows (db/payload.h) into the
** .debug_cescape section of the object it compiles, so that whatever
** moves objects (ccache and sccache hits, Bazel's caches, archives, links)
** moves the findings too.  A link concatenates the sections of its
** objects; this command reads them from objects, archives, programs and
** shared libraries (libelf), checks each payload whole before it touches
** the database, and loads it the way the plugin's db= does.
*/
#include "cescape.h"

#include "payload.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* clang-format off */
const char cmd_collect_usage[] =
  "usage: cescape collect [--db FILE] PATH...\n"
  "\n"
  "Load the findings that objects carry into the database: the plugin\n"
  "writes each unit's findings, fix-its, flow steps and summaries into the\n"
  CESCAPE_PAYLOAD_SECTION " section of the object it compiles (unless\n"
  "given section=off), and links keep it. So a build served by ccache,\n"
  "sccache or Bazel's caches, or one whose objects come from elsewhere,\n"
  "gives the same database as compiles with db=.\n"
  "\n"
  "The section names the source files the findings point into by path\n"
  "and content hash, not their texts (which would cost every compile more\n"
  "than the analysis): collect reads each file the database does not have\n"
  "yet from disk, relative to the project root the unit was compiled in.\n"
  "A file that is gone or changed since (its hash differs) gets a warning,\n"
  "and its findings are then shown without their source.\n"
  "\n"
  "A PATH is an object, an ar archive, a program, a shared library, or a\n"
  "directory searched recursively (its files that are none of those are\n"
  "passed over). A unit's rows replace those it had, as a compile with db=\n"
  "does: a unit found twice (in its object and in the program) is loaded\n"
  "once. Of different payloads of one unit (objects of one source built\n"
  "with other flags, or a stale object), the one in the newest file (an\n"
  "archive's time for its members) is loaded, of equally new files the\n"
  "one of the greater checksum, whatever the order of the PATHs; a warning\n"
  "names the files when they differ in more than the compile command.\n"
  "Then run \"cescape resolve\" when units used summaries that changed\n"
  "(list says so). strip removes the section.\n"
  "\n"
  "Options:\n"
  "  --db FILE   The database (default: cescape.db), created when absent\n"
  "\n"
  "A damaged or truncated section is an error naming the file, and its\n"
  "units keep the rows they had; the other units are loaded. The exit\n"
  "status is then 2.\n";
/* clang-format on */

/*
** One collect run.  temp.collected has a row per distinct payload of a
** unit seen: the first file that carried it, when that file was written,
** the payload's checksums, and whether it is the one loaded.
*/
typedef struct Collector Collector;
struct Collector {
  sqlite3 *db;
  sqlite3_stmt *pSeen, *pLoaded, *pUnload, *pAdd, *pMissed;
  int nFile;  /* Files (and archive members) that carried a section */
  int nError; /* Files or payloads refused */
};

/* A file that carries payloads: its name in messages, when it was written. */
typedef struct Carrier Carrier;
struct Carrier {
  const char *zName;
  int64_t iMtime; /* Nanoseconds since the epoch */
};

static int collector_start(Collector *c) {
  return sqlite3_exec(
             c->db,
             "CREATE TEMP TABLE collected(unit TEXT, file TEXT, mtime INT,"
             " checksum INT, analysis INT, loaded INT);"
             "CREATE INDEX temp.collected_unit ON collected(unit, checksum);"
             "CREATE TEMP TABLE missed(path TEXT, hash TEXT,"
             " PRIMARY KEY (path, hash))",
             NULL, NULL, NULL) != SQLITE_OK ||
         sqlite3_prepare_v2(c->db,
                            "SELECT 1 FROM temp.collected WHERE unit = ?1 AND"
                            " checksum = ?2",
                            -1, &c->pSeen, NULL) != SQLITE_OK ||
         sqlite3_prepare_v2(c->db,
                            "SELECT mtime, checksum FROM temp.collected"
                            " WHERE unit = ?1 AND loaded",
                            -1, &c->pLoaded, NULL) != SQLITE_OK ||
         sqlite3_prepare_v2(c->db,
                            "UPDATE temp.collected SET loaded = 0"
                            " WHERE unit = ?1",
                            -1, &c->pUnload, NULL) != SQLITE_OK ||
         sqlite3_prepare_v2(c->db,
                            "INSERT INTO temp.collected VALUES (?1, ?2, ?3, "
                            "?4, ?5, ?6)",
                            -1, &c->pAdd, NULL) != SQLITE_OK ||
         sqlite3_prepare_v2(c->db,
                            "INSERT OR IGNORE INTO temp.missed VALUES (?1, ?2)",
                            -1, &c->pMissed, NULL) != SQLITE_OK;
}

static void collector_finish(Collector *c) {
  sqlite3_finalize(c->pSeen);
  sqlite3_finalize(c->pLoaded);
  sqlite3_finalize(c->pUnload);
  sqlite3_finalize(c->pAdd);
  sqlite3_finalize(c->pMissed);
}

/*
** Step pStmt, whose parameter 1 is the unit zUnit[0..nUnit), once and
** reset it (its other bindings stay).  Return its sqlite3_step() code;
** *pV is its first column's value when that is SQLITE_ROW.
*/
static int unit_step(sqlite3_stmt *pStmt, const char *zUnit, size_t nUnit,
                     int64_t *pV) {
  int rc;
  sqlite3_bind_text64(pStmt, 1, zUnit, nUnit, SQLITE_STATIC, SQLITE_UTF8);
  rc = sqlite3_step(pStmt);
  if (rc == SQLITE_ROW && pV) {
    pV[0] = sqlite3_column_int64(pStmt, 0);
    pV[1] = sqlite3_column_int64(pStmt, 1);
  }
  sqlite3_reset(pStmt);
  return rc;
}

/*
** The text of zPath if it still has hash zHash (a CescapeSourceReader);
** otherwise a warning, once per file and hash.
*/
static char *read_source(void *pArg, const char *zPath, const char *zHash,
                         size_t *pn) {
  Collector *c = pArg;
  char zNow[CESCAPE_SOURCE_HASH_SIZE];
  char *zText = read_file(zPath, pn);
  const char *zWhy = "it cannot be read";
  if (zText) {
    cescape_source_hash(zText, *pn, zNow);
    if (strcmp(zNow, zHash) == 0)
      return zText;
    zWhy = "it changed since it was compiled";
    free(zText);
  }
  sqlite3_bind_text(c->pMissed, 1, zPath, -1, SQLITE_STATIC);
  sqlite3_bind_text(c->pMissed, 2, zHash, -1, SQLITE_STATIC);
  if (sqlite3_step(c->pMissed) == SQLITE_DONE && sqlite3_changes(c->db) > 0)
    cescape_warning("source '%s': %s; its findings are shown without it", zPath,
                    zWhy);
  sqlite3_reset(c->pMissed);
  return NULL;
}

/*
** Load payload p of unit zUnit[0..nUnit), which pCarrier carries, unless
** another payload of the unit wins.  Of different payloads of one unit
** the one of the newest file is loaded, and of equally new files the one
** of the greater checksum: the same one whatever order they come in.
*/
static void collect_payload(Collector *c, const Carrier *pCarrier,
                            const CescapePayload *p, const char *zUnit,
                            size_t nUnit) {
  char zErr[512];
  int64_t aLoaded[2]; /* The loaded payload's file's mtime and checksum */
  int bLoad = 1;
  sqlite3_bind_int64(c->pSeen, 2, (int64_t)p->iChecksum);
  if (unit_step(c->pSeen, zUnit, nUnit, NULL) == SQLITE_ROW)
    return; /* the same rows again: in an object and in its program */
  if (unit_step(c->pLoaded, zUnit, nUnit, aLoaded) == SQLITE_ROW)
    bLoad =
        pCarrier->iMtime > aLoaded[0] ||
        (pCarrier->iMtime == aLoaded[0] && p->iChecksum > (uint64_t)aLoaded[1]);
  if (bLoad) {
    if (sqlite3_exec(c->db, "SAVEPOINT unit", NULL, NULL, NULL) != SQLITE_OK ||
        cescape_payload_load(c->db, p, read_source, c, zErr, sizeof zErr)) {
      cescape_error("%s: cannot load unit '%.*s': %s", pCarrier->zName,
                    (int)nUnit, zUnit, zErr);
      sqlite3_exec(c->db, "ROLLBACK TO unit", NULL, NULL, NULL);
      sqlite3_exec(c->db, "RELEASE unit", NULL, NULL, NULL);
      c->nError++;
      return;
    }
    sqlite3_exec(c->db, "RELEASE unit", NULL, NULL, NULL);
    unit_step(c->pUnload, zUnit, nUnit, NULL);
  }
  sqlite3_bind_text(c->pAdd, 2, pCarrier->zName, -1, SQLITE_STATIC);
  sqlite3_bind_int64(c->pAdd, 3, pCarrier->iMtime);
  sqlite3_bind_int64(c->pAdd, 4, (int64_t)p->iChecksum);
  sqlite3_bind_int64(c->pAdd, 5, (int64_t)p->iAnalysis);
  sqlite3_bind_int(c->pAdd, 6, bLoad);
  if (unit_step(c->pAdd, zUnit, nUnit, NULL) != SQLITE_DONE) {
    cescape_error("cannot note unit '%.*s': %s", (int)nUnit, zUnit,
                  sqlite3_errmsg(c->db));
    c->nError++;
  }
}

/*
** Warn of each unit whose payloads differ in more than how it was compiled
** (its command and directory), naming the files.  Return the number of
** units loaded.
*/
static int collector_report(Collector *c) {
  sqlite3_stmt *pStmt = NULL;
  int nUnit = 0;
  if (sqlite3_prepare_v2(
          c->db,
          "SELECT l.unit, l.file, max(o.mtime) = l.mtime,"
          " group_concat(o.file, ''', ''') FROM temp.collected l"
          " JOIN temp.collected o ON o.unit = l.unit AND NOT o.loaded"
          "  AND o.analysis != l.analysis"
          " WHERE l.loaded GROUP BY l.unit ORDER BY l.unit",
          -1, &pStmt, NULL) == SQLITE_OK)
    while (sqlite3_step(pStmt) == SQLITE_ROW)
      cescape_warning(
          "unit '%s' has other findings, summaries or source texts in "
          "other files: loaded those of '%s' (%s), not those of '%s'",
          (const char *)sqlite3_column_text(pStmt, 0),
          (const char *)sqlite3_column_text(pStmt, 1),
          sqlite3_column_int(pStmt, 2)
              ? "of files written at the same time, the greater checksum"
              : "the newest file",
          (const char *)sqlite3_column_text(pStmt, 3));
  sqlite3_finalize(pStmt);
  if (sqlite3_prepare_v2(c->db,
                         "SELECT count(*) FROM temp.collected WHERE loaded", -1,
                         &pStmt, NULL) == SQLITE_OK &&
      sqlite3_step(pStmt) == SQLITE_ROW)
    nUnit = sqlite3_column_int(pStmt, 0);
  sqlite3_finalize(pStmt);
  return nUnit;
}

/*
** The bytes base64 text z[0..n) stands for, in memory from xmalloc(), their
** number in *pnOut; NULL if it is not base64.
*/
static unsigned char *base64_decode(const unsigned char *z, size_t n,
                                    size_t *pnOut) {
  static const char zAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  signed char aValue[256];
  unsigned char *a;
  size_t i, nOut = 0;
  uint32_t bits = 0;
  int nBits = 0;
  if (n % 4 != 0)
    return NULL;
  memset(aValue, -1, sizeof aValue);
  for (i = 0; i < 64; i++)
    aValue[(unsigned char)zAlphabet[i]] = (signed char)i;
  a = xmalloc(n / 4 * 3 + 1);
  for (i = 0; i < n; i++) {
    if (z[i] == '=' && i >= n - 2) /* padding: the last one or two */
      break;
    if (aValue[z[i]] < 0) {
      free(a);
      return NULL;
    }
    bits = (bits << 6) | (uint32_t)aValue[z[i]];
    nBits += 6;
    if (nBits >= 8) {
      nBits -= 8;
      a[nOut++] = (unsigned char)(bits >> nBits);
    }
  }
  *pnOut = nOut;
  return a;
}

/*
** Check and load the payload a[0..n) of pCarrier, found at offset iAt of
** its section.
*/
static void collect_one(Collector *c, const Carrier *pCarrier,
                        const unsigned char *a, size_t n, size_t iAt) {
  CescapePayload unit;
  char zErr[512];
  size_t nUnit;
  if (cescape_payload_check(a, n, &unit, zErr, sizeof zErr)) {
    cescape_error("%s: section " CESCAPE_PAYLOAD_SECTION
                  " at offset %zu: %s; that unit was not loaded",
                  pCarrier->zName, iAt, zErr);
    c->nError++;
  } else {
    const char *zUnit = cescape_payload_unit(&unit, &nUnit);
    collect_payload(c, pCarrier, &unit, zUnit, nUnit);
  }
  cescape_payload_free(&unit);
}

/*
** Load the payloads of one section's bytes a[0..n) of pCarrier. The plugin
** writes each one as base64 text ending in a zero byte (an object linked
** with others: one after the other). Zero bytes between payloads (a
** linker's alignment) are passed over.
*/
static void collect_bytes(Collector *c, const Carrier *pCarrier,
                          const unsigned char *a, size_t n) {
  size_t i = 0;
  while (i < n) {
    const unsigned char *zEnd;
    unsigned char *aBytes;
    size_t nText, nBytes;
    if (a[i] == 0) {
      i++;
      continue;
    }
    zEnd = memchr(a + i, 0, n - i);
    nText = zEnd ? (size_t)(zEnd - (a + i)) : n - i;
    aBytes = base64_decode(a + i, nText, &nBytes);
    if (aBytes == NULL) {
      cescape_error("%s: section " CESCAPE_PAYLOAD_SECTION
                    " at offset %zu: not a cescape payload (not base64); "
                    "no unit from there on was loaded",
                    pCarrier->zName, i);
      c->nError++;
      return;
    }
    collect_one(c, pCarrier, aBytes, nBytes, i);
    free(aBytes);
    i += nText;
  }
}

/*
** The sections of ELF file e, which pCarrier names.
*/
static void collect_elf(Collector *c, Elf *e, const Carrier *pCarrier) {
  const char *zName = pCarrier->zName;
  size_t iStrings, nFile = 0;
  Elf_Scn *pScn = NULL;
  GElf_Ehdr ehdr;
  int bFound = 0, iErr;
  /* libelf reads a file cut short as one with fewer sections, or none. */
  if (gelf_getehdr(e, &ehdr) == NULL || elf_rawfile(e, &nFile) == NULL ||
      ehdr.e_shoff + (uint64_t)ehdr.e_shnum * ehdr.e_shentsize > nFile) {
    iErr = elf_errno();
    cescape_error("%s: cannot read its sections: %s", zName,
                  iErr ? elf_errmsg(iErr)
                       : "it is truncated (its section headers end past its "
                         "end)");
    c->nError++;
    return;
  }
  if (elf_getshdrstrndx(e, &iStrings) != 0) {
    cescape_error("%s: cannot read its sections: %s", zName, elf_errmsg(-1));
    c->nError++;
    return;
  }
  while ((pScn = elf_nextscn(e, pScn)) != NULL) {
    GElf_Shdr shdr;
    const char *zSection;
    Elf_Data *pData;
    int bGnu;
    if (gelf_getshdr(pScn, &shdr) == NULL ||
        (zSection = elf_strptr(e, iStrings, shdr.sh_name)) == NULL)
      continue;
    /* ld --compress-debug-sections=zlib-gnu renames it .zdebug_... */
    bGnu = strcmp(zSection, ".zdebug_cescape") == 0;
    if (!bGnu && strcmp(zSection, CESCAPE_PAYLOAD_SECTION) != 0)
      continue;
    bFound = 1;
    if (shdr.sh_type == SHT_NOBITS || shdr.sh_offset + shdr.sh_size > nFile ||
        (bGnu                               ? elf_compress_gnu(pScn, 0, 0)
         : (shdr.sh_flags & SHF_COMPRESSED) ? elf_compress(pScn, 0, 0)
                                            : 1) < 0 ||
        (pData = elf_getdata(pScn, NULL)) == NULL) {
      cescape_error("%s: cannot read its section %s: %s", zName, zSection,
                    shdr.sh_type == SHT_NOBITS ? "it has no bytes"
                    : shdr.sh_offset + shdr.sh_size > nFile
                        ? "it ends past the end of the file"
                        : elf_errmsg(-1));
      c->nError++;
      continue;
    }
    if (pData->d_buf)
      collect_bytes(c, pCarrier, pData->d_buf, pData->d_size);
  }
  c->nFile += bFound;
}

typedef enum {
  FILE_OTHER,   /* not something collect reads */
  FILE_OBJECT,  /* ELF or ar */
  FILE_BITCODE, /* LLVM bitcode: -flto objects */
  FILE_THIN     /* a thin archive: its members are files of their own */
} FileKind;

static FileKind file_kind(int fd) {
  unsigned char a[8] = {0};
  ssize_t n = pread(fd, a, sizeof a, 0);
  if (n >= 4 && memcmp(a, "\177ELF", 4) == 0)
    return FILE_OBJECT;
  if (n == 8 && memcmp(a, "!<arch>\n", 8) == 0)
    return FILE_OBJECT;
  if (n == 8 && memcmp(a, "!<thin>\n", 8) == 0)
    return FILE_THIN;
  if (n >= 4 && memcmp(a, "BC\300\336", 4) == 0)
    return FILE_BITCODE;
  return FILE_OTHER;
}

/*
** File zPath: an ELF file or an archive of them.  bNamed: the user named it
** (so a file collect cannot read is an error, not passed over).
*/
static void collect_file(Collector *c, const char *zPath, int bNamed) {
  int fd = open(zPath, O_RDONLY | O_CLOEXEC);
  FileKind eKind;
  Carrier carrier = {zPath, 0};
  struct stat st;
  Elf *e;
  int nFile;
  if (fd < 0) {
    cescape_error("cannot read '%s': %s", zPath, strerror(errno));
    c->nError++;
    return;
  }
  eKind = file_kind(fd);
  if (eKind != FILE_OBJECT) {
    if (bNamed) {
      cescape_error("'%s' is %s", zPath,
                    eKind == FILE_BITCODE
                        ? "LLVM bitcode (-flto): collect from the program "
                          "linked from it"
                    : eKind == FILE_THIN
                        ? "a thin archive: collect from its members"
                        : "not an object, archive, program or shared library");
      c->nError++;
    }
    close(fd);
    return;
  }
  /* An archive's members have its time: ar's own dates are often 0. */
  if (fstat(fd, &st) == 0)
    carrier.iMtime =
        (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
  nFile = c->nFile;
  e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
  if (e && elf_kind(e) == ELF_K_AR) {
    Elf *pMember;
    Elf_Cmd cmd = ELF_C_READ_MMAP;
    while ((pMember = elf_begin(fd, cmd, e)) != NULL) {
      Elf_Arhdr *pHdr = elf_getarhdr(pMember);
      /* "/" and "//" are the archive's symbol and name tables. */
      if (pHdr && pHdr->ar_name[0] != '/' && elf_kind(pMember) == ELF_K_ELF) {
        Carrier member = {mprintf("%s(%s)", zPath, pHdr->ar_name),
                          carrier.iMtime};
        collect_elf(c, pMember, &member);
        free((char *)member.zName);
      }
      cmd = elf_next(pMember);
      elf_end(pMember);
    }
  } else if (e && elf_kind(e) == ELF_K_ELF) {
    collect_elf(c, e, &carrier);
  } else {
    cescape_error("cannot read '%s': %s", zPath, elf_errmsg(-1));
    c->nError++;
  }
  if (bNamed && e && c->nFile == nFile)
    cescape_warning("'%s' carries no findings: compiled without the plugin "
                    "or with section=off, or stripped",
                    zPath);
  elf_end(e);
  close(fd);
}

/*
** Path zPath: a file, or a directory whose files (and subdirectories, not
** followed through symbolic links) are collected in name order.
*/
static void collect_path(Collector *c, const char *zPath, int bNamed) {
  struct stat st;
  struct dirent **aEntry;
  int i, n;
  if ((bNamed ? stat(zPath, &st) : lstat(zPath, &st)) != 0) {
    cescape_error("cannot read '%s': %s", zPath, strerror(errno));
    c->nError++;
    return;
  }
  if (S_ISLNK(st.st_mode) && stat(zPath, &st) == 0 && S_ISREG(st.st_mode)) {
    collect_file(c, zPath, 0);
    return;
  }
  if (S_ISREG(st.st_mode)) {
    collect_file(c, zPath, bNamed);
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    if (bNamed) {
      cescape_error("'%s' is not a file or a directory", zPath);
      c->nError++;
    }
    return;
  }
  n = scandir(zPath, &aEntry, NULL, alphasort);
  if (n < 0) {
    cescape_error("cannot read directory '%s': %s", zPath, strerror(errno));
    c->nError++;
    return;
  }
  for (i = 0; i < n; i++) {
    const char *zEntry = aEntry[i]->d_name;
    if (strcmp(zEntry, ".") != 0 && strcmp(zEntry, "..") != 0) {
      char *zChild = mprintf("%s/%s", zPath, zEntry);
      collect_path(c, zChild, 0);
      free(zChild);
    }
    free(aEntry[i]);
  }
  free(aEntry);
}

/*
** Database zDb, for writing: created when absent or empty, else checked
** the way every command checks it.  NULL when it cannot be (said why).
*/
static sqlite3 *open_for_collect(const char *zDb) {
  struct stat st;
  sqlite3 *db = NULL;
  char zErr[512];
  if (stat(zDb, &st) == 0 && !(S_ISREG(st.st_mode) && st.st_size == 0)) {
    db = open_database_checked(zDb, DB_WRITABLE);
  } else if (sqlite3_open_v2(zDb, &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             NULL) != SQLITE_OK) {
    cescape_error("cannot create database '%s': %s", zDb,
                  db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return NULL;
  }
  if (db && cescape_db_prepare(db, 30000, zErr, sizeof zErr)) {
    cescape_error("cannot write database '%s': %s", zDb, zErr);
    sqlite3_close(db);
    return NULL;
  }
  return db;
}

int cmd_collect(CescapeState *p, int nArg, char **azArg) {
  const char *zDb = "cescape.db";
  StringList paths = {0};
  Collector c;
  int rc, i, nUnit;
  const CommandOption aOpt[] = {{0, "db", .pzString = &zDb}, {0}};
  (void)p;
  if ((rc = parse_options(nArg, azArg, aOpt, cmd_collect_usage, &paths)) !=
      CESCAPE_PARSED)
    return rc;
  if (paths.n == 0) {
    cescape_error("collect needs a file or directory to read (see cescape "
                  "collect --help)");
    return CESCAPE_EXIT_USAGE;
  }
  if (elf_version(EV_CURRENT) == EV_NONE) {
    cescape_error("libelf is too old: %s", elf_errmsg(-1));
    return CESCAPE_EXIT_USAGE;
  }
  memset(&c, 0, sizeof c);
  c.db = open_for_collect(zDb);
  if (c.db == NULL)
    return CESCAPE_EXIT_USAGE;
  if (collector_start(&c)) {
    cescape_error("cannot write database '%s': %s", zDb, sqlite3_errmsg(c.db));
    collector_finish(&c);
    close_database(c.db);
    return CESCAPE_EXIT_USAGE;
  }
  for (i = 0; i < paths.n; i++)
    collect_path(&c, paths.az[i], 1);
  nUnit = collector_report(&c);
  collector_finish(&c);
  if (sqlite3_exec(c.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    cescape_error("cannot write database '%s': %s", zDb, sqlite3_errmsg(c.db));
    c.nError++;
  }
  /* As the plugin leaves it: many compilers may write it at once. */
  sqlite3_exec(c.db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
  close_database(c.db);
  free(paths.az);
  printf("cescape collect: %d unit%s from %d file%s\n", nUnit,
         nUnit == 1 ? "" : "s", c.nFile, c.nFile == 1 ? "" : "s");
  return c.nError ? CESCAPE_EXIT_USAGE : CESCAPE_EXIT_OK;
}
