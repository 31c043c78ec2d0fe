//===- Database.cpp - writing findings into the SQLite database -----------===//
#include "Database.h"

#include "cescape_schema.h"

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

  Statement &bind(int I, llvm::StringRef V) {
    sqlite3_bind_text(S, I, V.data(), int(V.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement &bind(int I, int64_t V) {
    sqlite3_bind_int64(S, I, V);
    return *this;
  }
  Statement &bindNull(int I) {
    sqlite3_bind_null(S, I);
    return *this;
  }
  /// Runs it to completion (or to its first row); false on an error.
  bool run() {
    int RC = sqlite3_step(S);
    sqlite3_reset(S);
    sqlite3_clear_bindings(S);
    return RC == SQLITE_DONE || RC == SQLITE_ROW;
  }
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

std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// The project root as given and with its symbolic links resolved: a
/// build that enters the tree through a link (make -C, a symlinked home)
/// names its files by either.
struct ProjectRoot {
  std::string Path, Real;
};

/// Opts.Root (absolute after resolvePaths()), also with its links resolved.
ProjectRoot projectRoot(const Options &Opts) {
  llvm::SmallString<256> Real;
  if (Opts.Root.empty() || llvm::sys::fs::real_path(Opts.Root, Real))
    Real.clear();
  return {Opts.Root, std::string(Real)};
}

/// \p Path below \p Root, with '/', if it is.
std::optional<std::string> below(llvm::StringRef Path, llvm::StringRef Root) {
  if (Root.empty() || !Path.consume_front(Root) ||
      !(Path.empty() || Path.front() == '/'))
    return std::nullopt;
  return Path.ltrim('/').str();
}

/// \p Path relative to \p Root, or absolute when outside it.
std::string relative(llvm::StringRef Path, const ProjectRoot &Root) {
  std::string Abs = absolute(Path);
  if (auto Rel = below(Abs, Root.Path))
    return *Rel;
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    if (auto Rel = below(Real, Root.Real))
      return *Rel;
  return Abs;
}

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

/// Checks that \p Db is a cescape database this build understands, creating
/// the tables in an empty file. An error message, or an empty string.
std::string prepare(sqlite3 *Db, uint64_t Timeout) {
  sqlite3_busy_timeout(Db, int(Timeout));
  // With WAL, NORMAL keeps the file consistent on a crash; a build database
  // can afford to lose its last transaction on a power cut.
  sqlite3_exec(Db, "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr);
  sqlite3_exec(Db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  if (sqlite3_exec(Db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return std::string("cannot lock it: ") + sqlite3_errmsg(Db);
  auto Fail = [&](std::string Why) {
    sqlite3_exec(Db, "ROLLBACK", nullptr, nullptr, nullptr);
    return Why;
  };
  int64_t AppId = Statement(Db, "PRAGMA application_id").integer();
  int64_t Version = Statement(Db, "PRAGMA user_version").integer();
  int64_t Tables =
      Statement(Db, "SELECT count(*) FROM sqlite_schema").integer();
  if (AppId == 0 && Version == 0 && Tables == 0) {
    std::string Init =
        std::string(cescape_schema_sql) +
        "PRAGMA application_id = " + std::to_string(CESCAPE_APPLICATION_ID) +
        "; PRAGMA user_version = " + std::to_string(CESCAPE_SCHEMA_VERSION) +
        ";";
    char *Err = nullptr;
    if (sqlite3_exec(Db, Init.c_str(), nullptr, nullptr, &Err) != SQLITE_OK) {
      std::string Why = std::string("cannot create its tables: ") +
                        (Err ? Err : sqlite3_errmsg(Db));
      sqlite3_free(Err);
      return Fail(Why);
    }
  } else if (AppId != CESCAPE_APPLICATION_ID) {
    return Fail("it is not a cescape database; it was left untouched");
  } else if (Version != CESCAPE_SCHEMA_VERSION) {
    return Fail("it has schema version " + std::to_string(Version) +
                ", this cescape writes version " +
                std::to_string(CESCAPE_SCHEMA_VERSION) +
                "; it was left untouched");
  }
  return "";
}

class UnitWriter {
public:
  UnitWriter(sqlite3 *Db, const SourceManager &SM, const LangOptions &LO,
             ProjectRoot Root)
      : Db(Db), SM(SM), LO(LO), Root(std::move(Root)),
        Insert(Db, "INSERT INTO findings(unit_id, rule, severity, path, line, "
                   "col, function, message, reason, size, fingerprint, "
                   "printed, suppressed, record_id, end_line, end_col) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        Step(Db, "INSERT INTO steps(finding_id, seq, path, line, col, "
                 "message) VALUES (?,?,?,?,?,?)"),
        Fix(Db, "INSERT INTO fixits(finding_id, seq, path, line, col, "
                "end_line, end_col, replacement) VALUES (?,?,?,?,?,?,?,?)"),
        Record(Db, "INSERT INTO records(unit_id, name, path, line, size, "
                   "align, cacheline) VALUES (?,?,?,?,?,?,?)"),
        Field(Db, "INSERT INTO fields(record_id, seq, name, type, offset, "
                  "size, bit_offset, bit_width, contention) "
                  "VALUES (?,?,?,?,?,?,?,?,?)") {}

  std::string write(llvm::StringRef MainFile, const Reporter &Report,
                    const SummaryStore &Summaries, const CompileCommand &Cmd) {
    Statement DeleteUnit(Db, "DELETE FROM units WHERE path = ?");
    Statement InsertUnit(Db, "INSERT INTO units(path, analysed_at, compiler, "
                             "directory, command) VALUES (?, datetime('now'), "
                             "?, ?, ?)");
    if (!DeleteUnit || !InsertUnit || !Insert || !Step || !Fix || !Record ||
        !Field)
      return error("cannot prepare statements");
    llvm::json::Array Args;
    for (const std::string &A : Cmd.Args)
      Args.push_back(A);
    std::string Command;
    llvm::raw_string_ostream(Command) << llvm::json::Value(std::move(Args));
    if (!DeleteUnit.bind(1, MainFile).run() || !InsertUnit.bind(1, MainFile)
                                                    .bind(2, Cmd.Compiler)
                                                    .bind(3, Cmd.Directory)
                                                    .bind(4, Command)
                                                    .run())
      return error("cannot replace the unit's rows");
    UnitId = sqlite3_last_insert_rowid(Db);
    // What the stored paths are relative to: `cescape fix` finds the files
    // there, wherever it runs.
    Statement Meta(Db, "INSERT OR REPLACE INTO meta(key, value) "
                       "VALUES ('root', ?)");
    if (!Root.Path.empty() && (!Meta || !Meta.bind(1, Root.Path).run()))
      return error("cannot record the project root");
    for (const RecordedFinding &F : Report.recorded())
      if (std::string Why = finding(F); !Why.empty())
        return Why;
    if (std::string Why = summaries(Summaries); !Why.empty())
      return Why;
    return sources();
  }

private:
  std::string error(llvm::StringRef What) {
    return What.str() + ": " + sqlite3_errmsg(Db);
  }

  /// The repo-relative path, line and column of \p Loc.
  std::tuple<std::string, unsigned, unsigned> place(SourceLocation Loc) {
    SourceLocation File = SM.getFileLoc(Loc);
    FileID Id = SM.getFileID(File);
    auto [It, New] = Files.insert({Id, std::string()});
    if (New) // once per file: making a path absolute asks the kernel
      if (auto Entry = SM.getFileEntryRefForID(Id))
        It->second = relative(Entry->getName(), Root);
    return {It->second, SM.getSpellingLineNumber(File),
            SM.getSpellingColumnNumber(File)};
  }

  /// The line and column just past the token at \p Loc (SARIF's region
  /// end), or none when it cannot be lexed or ends in another file.
  std::optional<std::pair<unsigned, unsigned>> tokenEnd(SourceLocation Loc) {
    SourceLocation File = SM.getFileLoc(Loc);
    SourceLocation End = Lexer::getLocForEndOfToken(File, 0, SM, LO);
    if (End.isInvalid() || End == File ||
        SM.getFileID(End) != SM.getFileID(File))
      return std::nullopt;
    return std::make_pair(SM.getSpellingLineNumber(End),
                          SM.getSpellingColumnNumber(End));
  }

  /// The records row of \p R, written the first time a finding of this
  /// unit points to it; 0 on an error.
  int64_t record(const RecordLayoutFacts &R) {
    auto [It, New] = RecordIds.insert({&R, 0});
    if (!New)
      return It->second;
    auto [Path, Line, Col] = place(R.Loc);
    if (!Record.bind(1, UnitId)
             .bind(2, R.Name)
             .bind(3, Path)
             .bind(4, int64_t(Line))
             .bind(5, R.Size)
             .bind(6, R.Align)
             .bind(7, R.CacheLine)
             .run())
      return 0;
    int64_t Id = sqlite3_last_insert_rowid(Db);
    for (size_t I = 0; I < R.Fields.size(); ++I) {
      const LayoutFieldFacts &F = R.Fields[I];
      Field.bind(1, Id)
          .bind(2, int64_t(I))
          .bind(3, F.Name)
          .bind(4, F.Type)
          .bind(5, F.Offset)
          .bind(6, F.Size);
      if (F.BitWidth < 0)
        Field.bindNull(7).bindNull(8);
      else
        Field.bind(7, F.BitOffset).bind(8, F.BitWidth);
      if (F.Contention.empty())
        Field.bindNull(9);
      else
        Field.bind(9, F.Contention);
      if (!Field.run())
        return 0;
    }
    return It->second = Id;
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

  std::string finding(const RecordedFinding &F) {
    auto [Path, Line, Col] = place(F.Loc);
    Insert.bind(1, UnitId)
        .bind(2, ruleName(F.R))
        .bind(3, F.Warning ? "warning" : "remark")
        .bind(4, Path)
        .bind(5, int64_t(Line))
        .bind(6, int64_t(Col))
        .bind(7, F.Facts.Function)
        .bind(8, F.Message)
        .bind(11, fingerprint(F, Path))
        .bind(12, int64_t(F.Printed))
        .bind(13, int64_t(F.Suppressed));
    if (F.Facts.Reason.empty())
      Insert.bindNull(9);
    else
      Insert.bind(9, F.Facts.Reason);
    if (F.Facts.Size < 0)
      Insert.bindNull(10);
    else
      Insert.bind(10, F.Facts.Size);
    if (!F.Record)
      Insert.bindNull(14);
    else if (int64_t RecordId = record(*F.Record))
      Insert.bind(14, RecordId);
    else
      return error("cannot insert a struct layout");
    if (auto End = tokenEnd(F.Loc))
      Insert.bind(15, int64_t(End->first)).bind(16, int64_t(End->second));
    else
      Insert.bindNull(15).bindNull(16);
    if (!Insert.run())
      return error("cannot insert a finding");
    int64_t Id = sqlite3_last_insert_rowid(Db);
    for (size_t I = 0; I < F.Steps.size(); ++I) {
      auto [SPath, SLine, SCol] = place(F.Steps[I].first);
      if (!Step.bind(1, Id)
               .bind(2, int64_t(I))
               .bind(3, SPath)
               .bind(4, int64_t(SLine))
               .bind(5, int64_t(SCol))
               .bind(6, F.Steps[I].second)
               .run())
        return error("cannot insert a flow step");
    }
    for (size_t I = 0; I < F.FixIts.size(); ++I) {
      const FixItHint &H = F.FixIts[I];
      SourceLocation Begin = H.RemoveRange.getBegin();
      SourceLocation End = H.RemoveRange.getEnd();
      if (H.RemoveRange.isTokenRange())
        End = Lexer::getLocForEndOfToken(End, 0, SM, LO);
      auto [FPath, BLine, BCol] = place(Begin);
      auto [EPath, ELine, ECol] = place(End);
      if (!Fix.bind(1, Id)
               .bind(2, int64_t(I))
               .bind(3, FPath)
               .bind(4, int64_t(BLine))
               .bind(5, int64_t(BCol))
               .bind(6, int64_t(ELine))
               .bind(7, int64_t(ECol))
               .bind(8, H.CodeToInsert)
               .run())
        return error("cannot insert a fix-it");
    }
    return "";
  }

  std::string summaries(const SummaryStore &Summaries) {
    // OR REPLACE: a unit may declare and define a function twice over
    // (#included definitions); the last summary wins.
    Statement Export(Db, "INSERT OR REPLACE INTO functions(name, unit_id, "
                         "summary) VALUES (?,?,?)");
    Statement Use(Db, "INSERT OR REPLACE INTO summary_uses(unit_id, name, "
                      "summary) VALUES (?,?,?)");
    for (const auto &[Name, Text] : Summaries.offered())
      if (!Export.bind(1, Name).bind(2, UnitId).bind(3, Text).run())
        return error("cannot store a function summary");
    for (const auto &[Name, Text] : Summaries.used())
      if (!Use.bind(1, UnitId).bind(2, Name).bind(3, Text).run())
        return error("cannot store a summary use");
    return "";
  }

  /// The text of every file a finding points into, by content hash.
  std::string sources() {
    Statement Source(Db,
                     "INSERT OR IGNORE INTO sources(hash, text) VALUES (?,?)");
    Statement Link(Db, "INSERT OR REPLACE INTO unit_sources(unit_id, path, "
                       "hash) VALUES (?,?,?)");
    for (auto &[Id, Path] : Files) {
      if (Path.empty())
        continue;
      llvm::StringRef Text = SM.getBufferData(Id);
      std::string Hash = hex(llvm::xxHash64(Text));
      if (!Source.bind(1, Hash).bind(2, Text).run() ||
          !Link.bind(1, UnitId).bind(2, Path).bind(3, Hash).run())
        return error("cannot store a source file");
    }
    return "";
  }

  sqlite3 *Db;
  const SourceManager &SM;
  const LangOptions &LO;
  ProjectRoot Root;
  Statement Insert, Step, Fix, Record, Field;
  int64_t UnitId = 0;
  llvm::StringMap<unsigned> Seen;
  llvm::DenseMap<const RecordLayoutFacts *, int64_t> RecordIds;
  std::map<FileID, std::string> Files; ///< repo-relative paths
};

} // namespace

std::string writeFindings(const Options &Opts, const SourceManager &SM,
                          const LangOptions &LangOpts, const Reporter &Report,
                          const SummaryStore &Summaries,
                          const CompileCommand &Cmd) {
  auto Main = SM.getFileEntryRefForID(SM.getMainFileID());
  if (!Main)
    return "";
  std::string MainFile = absolute(Main->getName());
  ProjectRoot Root = projectRoot(Opts);
  auto Say = [&](llvm::StringRef Why) {
    return "cannot write findings to '" + Opts.Database + "': " + Why.str();
  };
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
  if (std::string Why = prepare(Db.get(), Opts.DatabaseTimeout); !Why.empty())
    return Say(Why);
  std::string Why = UnitWriter(Db.get(), SM, LangOpts, Root)
                        .write(relative(MainFile, Root), Report, Summaries, Cmd);
  if (!Why.empty()) {
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
  llvm::StringMap<std::string> Out;
  if (!enabled() || Names.empty())
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
  if (sqlite3_prepare_v2(Db.get(),
                         "SELECT summary FROM current_summaries WHERE name = ?",
                         -1, &Query, nullptr) != SQLITE_OK)
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
