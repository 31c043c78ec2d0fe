//===- Database.cpp - writing findings into the SQLite database -----------===//
#include "Database.h"

#include "cescape_schema.h"
#include "payload.h"

#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

using namespace clang;

namespace cescape {
namespace {

/// A prepared statement, finalized when it goes out of scope.
class Statement {
public:
  Statement(sqlite3 *Db, const char *Sql) {
    if (sqlite3_prepare_v2(Db, Sql, -1, &S, nullptr) != SQLITE_OK)
      S = nullptr;
  }
  ~Statement() { sqlite3_finalize(S); }
  explicit operator bool() const { return S != nullptr; }
  int64_t integer() {
    int64_t V = sqlite3_step(S) == SQLITE_ROW ? sqlite3_column_int64(S, 0) : 0;
    sqlite3_reset(S);
    return V;
  }

private:
  sqlite3_stmt *S = nullptr;
};

struct Closer {
  void operator()(sqlite3 *Db) const { sqlite3_close_v2(Db); }
};

/// A payload cescape_payload_check() fills: its inflated rows are freed
/// when it goes out of scope.
struct CheckedPayload : CescapePayload {
  CheckedPayload() : CescapePayload{} {}
  ~CheckedPayload() { cescape_payload_free(this); }
};

std::string hex(uint64_t V) {
  char Buf[17];
  snprintf(Buf, sizeof Buf, "%016llx", static_cast<unsigned long long>(V));
  return Buf;
}

/// Why \p Path cannot be a findings database, before SQLite opens it: a
/// FIFO, device or directory would hang or fail the compile, and a file
/// SQLite takes for empty (a stray byte) would be overwritten. Empty when it
/// is absent, empty or starts like an SQLite database.
std::string notADatabaseFile(const std::string &Path) {
  struct stat St;
  if (::stat(Path.c_str(), &St) != 0)
    return "";
  if (!S_ISREG(St.st_mode))
    return "it is not a regular file; it was left untouched";
  if (St.st_size == 0)
    return "";
  static const char Magic[] = "SQLite format 3"; // with its NUL: 16 bytes
  char Header[sizeof Magic] = {};
  int Fd = ::open(Path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  ssize_t Read = Fd < 0 ? -1 : ::read(Fd, Header, sizeof Header);
  if (Fd >= 0)
    ::close(Fd);
  if (Read < 0)
    return ""; // SQLite says why it cannot open it
  if (Read != ssize_t(sizeof Header) ||
      std::memcmp(Header, Magic, sizeof Magic) != 0)
    return "it is not a cescape database; it was left untouched";
  return "";
}

/// Writes the rows of one unit into a payload (db/payload.h).
class UnitEncoder {
public:
  UnitEncoder(const SourceManager &SM, const LangOptions &LO,
              const Options &Opts)
      : SM(SM), LO(LO), Opts(Opts) {
    cescape_rows_start(&Rows);
  }
  ~UnitEncoder() { cescape_rows_free(&Rows); }

  EncodedUnit encode(llvm::StringRef MainFile, const Reporter &Report,
                     const SummaryStore &Summaries, const CompileCommand &Cmd) {
    llvm::json::Array Args;
    for (const std::string &A : Cmd.Args)
      Args.push_back(A);
    std::string Command;
    llvm::raw_string_ostream(Command) << llvm::json::Value(std::move(Args));
    row(CESCAPE_ROW_UNIT);
    text(MainFile);
    text(Cmd.Compiler);
    text(Cmd.Directory);
    text(Command);
    // What the stored paths are relative to: `cescape fix` finds the files
    // there, wherever it runs.
    optionalText(Opts.Root);
    for (const RecordedFinding &F : Report.recorded())
      finding(F);
    // A unit may declare and define a function twice over (#included
    // definitions): the last summary wins.
    for (const auto &[Name, Summary] : Summaries.offered()) {
      row(CESCAPE_ROW_FUNCTION);
      text(Name);
      text(Summary);
    }
    for (const auto &[Name, Summary] : Summaries.used()) {
      row(CESCAPE_ROW_USE);
      text(Name);
      text(Summary);
    }
    std::map<llvm::StringRef, llvm::json::Array> CalleesOf;
    for (const auto &[Caller, Callee] : Summaries.calls())
      CalleesOf[Caller].push_back(Callee);
    for (auto &[Caller, Callees] : CalleesOf) {
      std::string List;
      llvm::raw_string_ostream(List) << llvm::json::Value(std::move(Callees));
      row(CESCAPE_ROW_CALL);
      text(Caller);
      text(List);
    }
    for (const auto &[Name, Cycle] : Summaries.cycleUses()) {
      row(CESCAPE_ROW_CYCLE_USE);
      text(Name);
      text(Cycle);
    }
    EncodedUnit Unit;
    sources(Unit.Sources);
    cescape_rows_finish(&Rows, Opts.Section);
    Unit.Payload.assign(reinterpret_cast<const char *>(Rows.a), Rows.n);
    return Unit;
  }

private:
  void row(CescapeRow R) { cescape_rows_row(&Rows, R); }
  void text(llvm::StringRef V) { cescape_rows_text(&Rows, V.data(), V.size()); }
  void optionalText(llvm::StringRef V) {
    if (V.empty())
      cescape_rows_null(&Rows);
    else
      text(V);
  }
  void integer(int64_t V) { cescape_rows_int(&Rows, V); }
  /// \p V, or NULL when negative (unknown).
  void optionalInteger(int64_t V) {
    if (V < 0)
      cescape_rows_null(&Rows);
    else
      integer(V);
  }

  /// The repo-relative path, line and column of \p Loc.
  std::tuple<std::string, unsigned, unsigned> place(SourceLocation Loc) {
    SourceLocation File = SM.getFileLoc(Loc);
    FileID Id = SM.getFileID(File);
    auto [It, New] = Files.insert({Id, std::string()});
    if (New) // once per file: making a path absolute asks the kernel
      if (auto Entry = SM.getFileEntryRefForID(Id))
        It->second = projectPath(Entry->getName(), Opts);
    return {It->second, SM.getSpellingLineNumber(File),
            SM.getSpellingColumnNumber(File)};
  }

  /// The line and column just past the last token of \p Range (SARIF's
  /// region end), when that is after place(Range.getBegin()) in its file.
  /// Otherwise (a range across files or macro expansions) just past the
  /// token at the start, or none when even that cannot be lexed.
  std::optional<std::pair<unsigned, unsigned>> rangeEnd(SourceRange Range) {
    SourceLocation Begin = SM.getFileLoc(Range.getBegin());
    CharSourceRange Chars =
        Lexer::makeFileCharRange(CharSourceRange::getTokenRange(Range), SM, LO);
    SourceLocation End = Chars.getEnd();
    if (Chars.isInvalid() || SM.getFileID(End) != SM.getFileID(Begin) ||
        !SM.isBeforeInTranslationUnit(Begin, End))
      End = Lexer::getLocForEndOfToken(Begin, 0, SM, LO);
    if (End.isInvalid() || End == Begin ||
        SM.getFileID(End) != SM.getFileID(Begin))
      return std::nullopt;
    return std::make_pair(SM.getSpellingLineNumber(End),
                          SM.getSpellingColumnNumber(End));
  }

  /// The index of \p R's row among the unit's records, written (with its
  /// fields) the first time a finding of this unit points to it.
  int64_t record(const RecordLayoutFacts &R) {
    auto [It, New] = RecordIndex.insert({&R, int64_t(RecordIndex.size())});
    if (!New)
      return It->second;
    auto [Path, Line, Col] = place(R.Loc);
    row(CESCAPE_ROW_RECORD);
    text(R.Name);
    text(Path);
    integer(Line);
    integer(R.Size);
    integer(R.Align);
    integer(R.CacheLine);
    for (const LayoutFieldFacts &F : R.Fields) {
      row(CESCAPE_ROW_FIELD);
      text(F.Name);
      text(F.Type);
      integer(F.Offset);
      integer(F.Size);
      optionalInteger(F.BitWidth < 0 ? -1 : F.BitOffset);
      optionalInteger(F.BitWidth);
      optionalText(F.Contention);
    }
    return It->second;
  }

  /// Stable across line moves and unrelated edits: what the finding is
  /// about, where, and its rank among identical ones in the function. A
  /// layout finding is its struct and fields alone, so a header's struct
  /// seen from many units is one finding.
  std::string fingerprint(const RecordedFinding &F, llvm::StringRef Path) {
    std::string Key = std::string(ruleName(F.R)) + '\0' + F.Facts.Subject;
    if (!isLayoutRule(F.R)) {
      Key +=
          '\0' + Path.str() + '\0' + F.Facts.Function + '\0' + F.Facts.Reason;
      unsigned Occurrence = Seen[Key]++;
      Key += '\0' + std::to_string(Occurrence);
    }
    return hex(llvm::xxHash64(Key));
  }

  void finding(const RecordedFinding &F) {
    auto [Path, Line, Col] = place(F.Range.getBegin());
    int64_t Record = F.Record ? record(*F.Record) : -1;
    std::optional<std::pair<unsigned, unsigned>> End = rangeEnd(F.Range);
    row(CESCAPE_ROW_FINDING);
    text(ruleName(F.R));
    text(F.Warning ? "warning" : "remark");
    text(Path);
    integer(Line);
    integer(Col);
    text(F.Facts.Function);
    text(F.Message);
    optionalText(F.Facts.Reason);
    optionalInteger(F.Facts.Size);
    text(fingerprint(F, Path));
    integer(F.Printed);
    integer(F.Suppressed);
    optionalInteger(Record);
    optionalInteger(End ? int64_t(End->first) : -1);
    optionalInteger(End ? int64_t(End->second) : -1);
    for (const auto &[Range, Message] : F.Steps) {
      auto [SPath, SLine, SCol] = place(Range.getBegin());
      std::optional<std::pair<unsigned, unsigned>> SEnd = rangeEnd(Range);
      row(CESCAPE_ROW_STEP);
      text(SPath);
      integer(SLine);
      integer(SCol);
      text(Message);
      optionalInteger(SEnd ? int64_t(SEnd->first) : -1);
      optionalInteger(SEnd ? int64_t(SEnd->second) : -1);
    }
    for (const FixItHint &H : F.FixIts) {
      SourceLocation Begin = H.RemoveRange.getBegin();
      SourceLocation End = H.RemoveRange.getEnd();
      if (H.RemoveRange.isTokenRange())
        End = Lexer::getLocForEndOfToken(End, 0, SM, LO);
      auto [FPath, BLine, BCol] = place(Begin);
      auto [EPath, ELine, ECol] = place(End);
      row(CESCAPE_ROW_FIXIT);
      text(FPath);
      integer(BLine);
      integer(BCol);
      integer(ELine);
      integer(ECol);
      text(H.CodeToInsert);
    }
  }

  /// Every file a finding points into, by path and content hash; its
  /// text into \p Texts.
  void sources(llvm::StringMap<llvm::StringRef> &Texts) {
    for (auto &[Id, Path] : Files) {
      if (Path.empty())
        continue;
      llvm::StringRef Text = SM.getBufferData(Id);
      char Hash[CESCAPE_SOURCE_HASH_SIZE];
      cescape_source_hash(Text.data(), Text.size(), Hash);
      row(CESCAPE_ROW_SOURCE);
      text(Path);
      text(Hash);
      Texts[Hash] = Text;
    }
  }

  const SourceManager &SM;
  const LangOptions &LO;
  const Options &Opts;
  CescapeRows Rows;
  llvm::StringMap<unsigned> Seen;
  llvm::DenseMap<const RecordLayoutFacts *, int64_t> RecordIndex;
  std::map<FileID, std::string> Files; ///< repo-relative paths
};

} // namespace

EncodedUnit encodeUnit(const Options &Opts, const SourceManager &SM,
                       const LangOptions &LangOpts, const Reporter &Report,
                       const SummaryStore &Summaries,
                       const CompileCommand &Cmd) {
  auto Main = SM.getFileEntryRefForID(SM.getMainFileID());
  if (!Main)
    return {};
  return UnitEncoder(SM, LangOpts, Opts)
      .encode(projectPath(Main->getName(), Opts), Report, Summaries, Cmd);
}

/// The text of the unit's source of hash \p Hash (a CescapeSourceReader
/// over EncodedUnit::Sources).
static char *unitSource(void *Arg, const char *, const char *Hash,
                        size_t *Size) {
  const auto &Sources =
      *static_cast<const llvm::StringMap<llvm::StringRef> *>(Arg);
  auto It = Sources.find(Hash);
  if (It == Sources.end())
    return nullptr;
  char *Copy = static_cast<char *>(malloc(It->second.size() + 1));
  if (!Copy)
    return nullptr;
  memcpy(Copy, It->second.data(), It->second.size());
  *Size = It->second.size();
  return Copy;
}

std::string writeUnit(const Options &Opts, const EncodedUnit &Unit) {
  llvm::StringRef Payload = Unit.Payload;
  auto Say = [&](llvm::StringRef Why) {
    return "cannot write findings to '" + Opts.Database + "': " + Why.str();
  };
  char Why[512];
  CheckedPayload Rows;
  if (cescape_payload_check(
          reinterpret_cast<const unsigned char *>(Payload.data()),
          Payload.size(), &Rows, Why, sizeof Why))
    return Say(Why);
  if (std::string Why = notADatabaseFile(Opts.Database); !Why.empty())
    return Say(Why);
  sqlite3 *Raw = nullptr;
  int RC = sqlite3_open_v2(Opts.Database.c_str(), &Raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, Closer> Db(Raw);
  if (RC != SQLITE_OK)
    return Say(Raw ? sqlite3_errmsg(Raw) : "cannot open it");
  // WAL lets many compilers and readers work at once; it is set outside a
  // transaction, and only on a database that is ours (checked below first
  // for a foreign file, which must stay exactly as it was).
  if (cescape_db_prepare(Db.get(), int(Opts.DatabaseTimeout), Why, sizeof Why))
    return Say(Why);
  if (cescape_payload_load(
          Db.get(), &Rows, unitSource,
          const_cast<llvm::StringMap<llvm::StringRef> *>(&Unit.Sources), Why,
          sizeof Why)) {
    sqlite3_exec(Db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    return Say(Why);
  }
  if (sqlite3_exec(Db.get(), "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return Say(std::string("cannot commit: ") + sqlite3_errmsg(Db.get()));
  sqlite3_exec(Db.get(), "PRAGMA journal_mode = WAL", nullptr, nullptr,
               nullptr);
  // The database is one self-contained file whenever a compile ends (CI
  // keeps cescape.db alone): what the log holds goes into the file, without
  // waiting for the writers of the moment (the last one to finish moves
  // what they wrote), and the last connection to close deletes the log.
  sqlite3_exec(Db.get(), "PRAGMA wal_checkpoint(PASSIVE)", nullptr, nullptr,
               nullptr);
  return "";
}

llvm::StringMap<std::string>
SummaryStore::fetch(llvm::ArrayRef<std::string> Names) const {
  return lookup("SELECT summary FROM current_summaries WHERE name = ?", Names);
}

llvm::StringMap<std::string>
SummaryStore::fetchCycles(llvm::ArrayRef<std::string> Names) const {
  return lookup("SELECT cycle FROM cycles WHERE name = ?", Names);
}

llvm::StringMap<std::string>
SummaryStore::lookup(const char *Sql, llvm::ArrayRef<std::string> Names) const {
  llvm::StringMap<std::string> Out;
  if (Opts.Database.empty() || Names.empty())
    return Out;
  if (!notADatabaseFile(Opts.Database).empty())
    return Out; // writeFindings says why
  sqlite3 *Raw = nullptr;
  int RC = sqlite3_open_v2(Opts.Database.c_str(), &Raw, SQLITE_OPEN_READONLY,
                           nullptr);
  std::unique_ptr<sqlite3, Closer> Db(Raw);
  if (RC != SQLITE_OK)
    return Out;
  sqlite3_busy_timeout(Db.get(), int(Opts.DatabaseTimeout));
  Statement Version(Db.get(), "PRAGMA user_version");
  Statement AppId(Db.get(), "PRAGMA application_id");
  if (!Version || Version.integer() != CESCAPE_SCHEMA_VERSION || !AppId ||
      AppId.integer() != CESCAPE_APPLICATION_ID)
    return Out;
  sqlite3_stmt *Query = nullptr;
  if (sqlite3_prepare_v2(Db.get(), Sql, -1, &Query, nullptr) != SQLITE_OK)
    return Out;
  for (const std::string &Name : Names) {
    sqlite3_bind_text(Query, 1, Name.data(), int(Name.size()), SQLITE_STATIC);
    if (sqlite3_step(Query) == SQLITE_ROW)
      if (const auto *Text = sqlite3_column_text(Query, 0))
        Out[Name] = reinterpret_cast<const char *>(Text);
    sqlite3_reset(Query);
  }
  sqlite3_finalize(Query);
  return Out;
}

} // namespace cescape
