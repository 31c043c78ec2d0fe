//===- Options.cpp - cescape plugin arguments -----------------------------===//
#include "ClangCompat.h"
#include "Options.h"
#include "Reporter.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <optional>
#include <unistd.h>

using llvm::StringRef;

namespace cescape {

static bool parseSize(StringRef Value, uint64_t &Out) {
  return !Value.empty() && !Value.getAsInteger(10, Out);
}

/// `ALLOCATOR:DEALLOCATOR[:SIZE]`, SIZE being `1` or `1,2`.
static bool parseAllocatorPair(StringRef Value, Options &Opts) {
  llvm::SmallVector<StringRef, 3> Parts;
  Value.split(Parts, ':');
  if (Parts.size() < 2 || Parts.size() > 3)
    return false;
  AllocatorPair Pair{Parts[0].trim().str(), Parts[1].trim().str(), {}};
  if (Pair.Alloc.empty() || Pair.Free.empty())
    return false;
  if (Parts.size() == 3) {
    llvm::SmallVector<StringRef, 2> Positions;
    Parts[2].split(Positions, ',');
    if (Positions.size() > 2)
      return false;
    for (StringRef Position : Positions) {
      uint64_t N;
      if (!parseSize(Position.trim(), N) || N == 0 || N > 64)
        return false;
      Pair.SizeArgs.push_back(unsigned(N - 1));
    }
  }
  Opts.Allocators.push_back(std::move(Pair));
  return true;
}

bool parseOptions(const std::vector<std::string> &Args, Options &Opts,
                  std::string &Error) {
  for (const std::string &Arg : Args) {
    auto [Name, Value] = StringRef(Arg).split('=');
    bool HasValue = StringRef(Arg).contains('=');
    if (Name == "m") {
      if (!HasValue)
        Opts.Verbosity = 1;
      else if (Value == "1" || Value == "2")
        Opts.Verbosity = Value == "1" ? 1 : 2;
      else {
        Error = "invalid value '" + Value.str() + "' for 'm' (expected 1 or 2)";
        return false;
      }
    } else if (Name == "section") {
      if (Value != "on" && Value != "off") {
        Error = "invalid value '" + Value.str() +
                "' for 'section' (expected on or off)";
        return false;
      }
      Opts.Section = Value == "on";
    } else if (Name == "werror" && !HasValue) {
      Opts.DanglingErrors = true;
    } else if (Name == "max-stack" || Name == "small-buffer") {
      uint64_t Bytes;
      if (!parseSize(Value, Bytes) || Bytes == 0 || Bytes > (1u << 30)) {
        Error = "invalid value '" + Value.str() + "' for '" + Name.str() +
                "' (expected a number of bytes between 1 and 1073741824)";
        return false;
      }
      (Name == "max-stack" ? Opts.MaxStack : Opts.SmallBuffer) = Bytes;
    } else if (Name == "cacheline") {
      uint64_t Bytes;
      if (!parseSize(Value, Bytes) || Bytes < 16 || Bytes > 4096 ||
          (Bytes & (Bytes - 1))) {
        Error = "invalid value '" + Value.str() +
                "' for 'cacheline' (expected a power of two between 16 and "
                "4096 bytes)";
        return false;
      }
      Opts.CacheLine = Bytes;
    } else if (Name == "db-timeout") {
      uint64_t Millis;
      if (!parseSize(Value, Millis) || Millis > 3600000) {
        Error = "invalid value '" + Value.str() +
                "' for 'db-timeout' (expected milliseconds, at most 3600000)";
        return false;
      }
      Opts.DatabaseTimeout = Millis;
    } else if (Name == "db" || Name == "root" || Name == "config") {
      if (Value.empty()) {
        Error = "'" + Name.str() + "' needs a path (" + Name.str() + "=PATH)";
        return false;
      }
      (Name == "db"     ? Opts.Database
       : Name == "root" ? Opts.Root
                        : Opts.ConfigFile) = Value.str();
    } else if (Name == "fixits") {
      llvm::SmallVector<StringRef, 6> Names;
      Value.split(Names, ',', -1, /*KeepEmpty=*/false);
      if (Names.empty()) {
        Error = "'fixits' needs rule names (fixits=RULE,...), 'all' or 'none'";
        return false;
      }
      Opts.FixItRules.emplace();
      for (StringRef Rule : Names) {
        Rule = Rule.trim();
        if (Rule == "all") {
          Opts.FixItRules.reset();
          break;
        }
        if (Rule == "none")
          continue;
        if (!ruleNamed(Rule)) {
          Error = "invalid value '" + Value.str() +
                  "' for 'fixits' (expected rule names separated by ',', "
                  "'all' or 'none', e.g. fixits=heap-to-stack,small-buffer)";
          return false;
        }
        Opts.FixItRules->push_back(Rule.str());
      }
    } else if (Name == "disable") {
      llvm::SmallVector<StringRef, 6> Names;
      Value.split(Names, ',', -1, /*KeepEmpty=*/false);
      for (StringRef Rule : Names) {
        if (!ruleNamed(Rule.trim())) {
          Error = "unknown rule '" + Rule.trim().str() +
                  "' for 'disable' (expected rule names separated by ',', "
                  "e.g. disable=escape,false-sharing)";
          return false;
        }
        Opts.DisabledRules.push_back(Rule.trim().str());
      }
      if (Names.empty()) {
        Error = "'disable' needs rule names (disable=RULE,...)";
        return false;
      }
    } else if (Name == "exclude") {
      if (Value.empty()) {
        Error = "'exclude' needs a glob (exclude=GLOB)";
        return false;
      }
      Opts.Excludes.push_back(Value.str());
    } else if (Name == "dump-graph") {
      if (Value.empty()) {
        Error = "'dump-graph' needs a function name (dump-graph=FUNC)";
        return false;
      }
      Opts.DumpGraph = Value.str();
    } else if (Name == "alloc") {
      if (!parseAllocatorPair(Value, Opts)) {
        Error = "invalid value '" + Value.str() +
                "' for 'alloc' (expected ALLOCATOR:DEALLOCATOR[:SIZE], SIZE "
                "one or two 1-based argument positions, e.g. "
                "alloc=xmalloc:xfree or alloc=xcalloc:xfree:1,2)";
        return false;
      }
    } else {
      Error = "unknown argument '" + Arg + "'";
      return false;
    }
  }
  return true;
}

std::string findConfigFile(const std::string &Source) {
  llvm::SmallString<256> Dir(Source);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  for (; !Dir.empty(); Dir = llvm::sys::path::parent_path(Dir)) {
    llvm::SmallString<256> Candidate(Dir), Git(Dir);
    llvm::sys::path::append(Candidate, ".cescape");
    llvm::sys::fs::file_status Entry, Status;
    // Like git's safe.directory: another user's file (a shared /tmp, a
    // world-writable ancestor) must not redirect this user's findings; nor
    // may their link to a file of this user's (its lines would be errors).
    if (!llvm::sys::fs::status(Candidate, Entry, /*follow=*/false) &&
        Entry.getUser() == geteuid() &&
        !llvm::sys::fs::status(Candidate, Status) &&
        llvm::sys::fs::is_regular_file(Status) && Status.getUser() == geteuid())
      return std::string(Candidate);
    // The project's top (its .git) is the last place a .cescape applies.
    llvm::sys::path::append(Git, ".git");
    if (llvm::sys::fs::exists(Git) || llvm::sys::path::parent_path(Dir) == Dir)
      break;
  }
  return "";
}

/// The largest configuration file read: a few hundred lines are plenty.
static constexpr uint64_t MaxConfigFileBytes = 1 << 20;

bool readConfigFile(const std::string &Path, Options &Opts,
                    std::string &Error) {
  // A configuration file is a small regular file: /dev/zero or a FIFO
  // would never end.
  llvm::sys::fs::file_status Status;
  if (std::error_code EC = llvm::sys::fs::status(Path, Status)) {
    Error = "cannot read '" + Path + "': " + EC.message();
    return false;
  }
  if (!llvm::sys::fs::is_regular_file(Status) ||
      Status.getSize() > MaxConfigFileBytes) {
    Error = "'" + Path + "' is not a configuration file (a regular file of " +
            "at most " + std::to_string(MaxConfigFileBytes) + " bytes)";
    return false;
  }
  auto Text = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Text) {
    Error = "cannot read '" + Path + "': " + Text.getError().message();
    return false;
  }
  StringRef Buffer = (*Text)->getBuffer();
  // A byte order mark (Windows editors write one) is not an argument.
  Buffer.consume_front("\xEF\xBB\xBF");
  llvm::SmallVector<StringRef, 32> Lines;
  Buffer.split(Lines, '\n');
  for (size_t I = 0; I < Lines.size(); ++I) {
    StringRef Line = Lines[I].split('#').first.trim();
    if (Line.empty())
      continue;
    auto [Name, Value] = Line.split('=');
    std::string Arg = Name.trim().str();
    if (Line.contains('='))
      Arg += "=" + Value.trim().str();
    std::string LineError;
    if (Arg.rfind("config", 0) == 0 && (Arg == "config" || Arg[6] == '='))
      LineError = "'config' cannot be set in a configuration file";
    else if (parseOptions({Arg}, Opts, LineError) &&
             StringRef(Arg).starts_with("root=") &&
             llvm::sys::path::is_relative(Opts.Root)) {
      // The file's own directory, wherever the compile runs: `root = .`
      // makes the directory of a tarball's top .cescape its project root.
      llvm::SmallString<256> Root(llvm::sys::path::parent_path(Path));
      llvm::sys::fs::make_absolute(Root);
      llvm::sys::path::append(Root, Opts.Root);
      Opts.Root = std::string(Root);
    }
    if (!LineError.empty()) {
      Error = Path + ":" + std::to_string(I + 1) + ": " + LineError;
      return false;
    }
  }
  return true;
}

/// \p Path made absolute (against the working directory when relative)
/// and without "." or ".." components.
static std::string absolute(StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// Whether \p Git marks a project's top: this user's, or in a directory
/// that is not world-writable. Another user's .git planted in a shared ancestor
/// (/tmp above an unpacked tarball) would make their directory the root,
/// and a relative db= their database.
static bool trustedGit(StringRef Git) {
  llvm::sys::fs::file_status Entry, Dir;
  using llvm::sys::fs::perms;
  return !llvm::sys::fs::status(Git, Entry, /*follow=*/false) &&
         (Entry.getUser() == geteuid() ||
          (!llvm::sys::fs::status(llvm::sys::path::parent_path(Git), Dir) &&
           !(Dir.permissions() & perms::others_write)));
}

/// The nearest ancestor of \p Dir (or itself) with a .git (trustedGit()),
/// passing over a submodule's (a .git file pointing into the
/// superproject's .git/modules/): its files are named from the
/// superproject.
static std::string gitTopLevel(StringRef Dir) {
  for (; !Dir.empty(); Dir = llvm::sys::path::parent_path(Dir)) {
    llvm::SmallString<256> Git(Dir);
    llvm::sys::path::append(Git, ".git");
    if (!trustedGit(Git))
      continue;
    if (llvm::sys::fs::is_directory(Git))
      return Dir.str();
    if (!llvm::sys::fs::is_regular_file(Git))
      continue;
    auto Text = llvm::MemoryBuffer::getFile(Git, /*IsText=*/true);
    StringRef GitDir = Text ? (*Text)->getBuffer().trim() : StringRef();
    bool Submodule =
        GitDir.consume_front("gitdir:") &&
        (GitDir.contains("/modules/") || GitDir.trim().starts_with("modules/"));
    if (!Submodule)
      return Dir.str(); // a worktree, or a .git file we cannot tell
  }
  return "";
}

/// Sets Opts.RealRoot from Opts.Root.
static void resolveRootLinks(Options &Opts) {
  llvm::SmallString<256> Real;
  if (Opts.Root.empty() || llvm::sys::fs::real_path(Opts.Root, Real))
    Real.clear();
  Opts.RealRoot = std::string(Real);
}

bool resolvePaths(Options &Opts, StringRef MainFile, std::string &Warning) {
  if (!Opts.Root.empty()) {
    Opts.Root = absolute(Opts.Root);
  } else {
    bool FromHere = MainFile.empty() || MainFile == "-";
    llvm::SmallString<256> Dir(FromHere ? "." : MainFile);
    llvm::sys::fs::make_absolute(Dir);
    if (!FromHere)
      llvm::sys::path::remove_filename(Dir);
    llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
    Opts.Root = gitTopLevel(Dir);
  }
  if (Opts.Database.empty()) {
    resolveRootLinks(Opts);
    return true;
  }
  if (llvm::sys::path::is_absolute(Opts.Database)) {
    Opts.Database = absolute(Opts.Database);
    if (Opts.Root.empty())
      Opts.Root = std::string(llvm::sys::path::parent_path(Opts.Database));
    resolveRootLinks(Opts);
    return true;
  }
  if (Opts.Root.empty()) {
    Warning = "findings not recorded: 'db=" + Opts.Database +
              "' is relative and there is no project root to resolve it "
              "against (no .git above '" +
              (MainFile.empty() || MainFile == "-" ? std::string(".")
                                                   : MainFile.str()) +
              "', no root=); give db= an absolute path, or set root=DIR "
              "(e.g. 'root = .' in the project's top .cescape)";
    Opts.Database.clear();
    return false;
  }
  llvm::SmallString<256> Db(Opts.Root);
  llvm::sys::path::append(Db, Opts.Database);
  Opts.Database = absolute(Db);
  resolveRootLinks(Opts);
  return true;
}

/// \p Path below \p Root, with '/', if it is.
static std::optional<std::string> below(StringRef Path, StringRef Root) {
  if (Root.empty() || !Path.consume_front(Root) ||
      !(Path.empty() || Path.front() == '/'))
    return std::nullopt;
  return Path.ltrim('/').str();
}

std::string projectPath(StringRef File, const Options &Opts) {
  std::string Abs = absolute(File);
  if (auto Rel = below(Abs, Opts.Root))
    return *Rel;
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    if (auto Rel = below(Real, Opts.RealRoot))
      return *Rel;
  return Abs;
}

bool isConfigureProbe(StringRef MainFile) {
  if (MainFile.empty() || MainFile == "-")
    return false;
  std::string Path = absolute(MainFile);
  std::string Dir = llvm::sys::path::parent_path(Path).str() + "/";
  return llvm::sys::path::stem(Path) == "conftest" ||
         StringRef(Dir).contains("/CMakeFiles/CMakeScratch/") ||
         StringRef(Dir).contains("/CMakeFiles/CMakeTmp/") ||
         StringRef(Dir).contains("/meson-private/");
}

const char *optionsHelp() {
  return "cescape plugin arguments (-fplugin-arg-cescape-<arg>):\n"
         "  m               also report escaping allocations and their reason\n"
         "  m=2             also explain each escape with its flow path\n"
         "  werror          dangling findings are errors (-Werror leaves them\n"
         "                  warnings)\n"
         "  max-stack=N     largest stack array suggested, bytes (4096)\n"
         "  small-buffer=N  stack buffer for variable sizes, bytes (256)\n"
         "  alloc=A:F[:S]   treat A as an allocator whose blocks F frees;\n"
         "                  S: the size's argument positions (1 or 1,2)\n"
         "  cacheline=N     cache line for false sharing, bytes (target's: "
         "64,\n"
         "                  128 on aarch64 and ppc64)\n"
         "  db=PATH         record findings in this SQLite database (a\n"
         "                  relative PATH is below the project root)\n"
         "  root=DIR        the project root: paths are stored relative to\n"
         "                  it (default: the nearest ancestor with a .git,\n"
         "                  submodules' passed over, else db='s directory)\n"
         "  db-timeout=MS   wait this long for other writers (30000)\n"
         "  section=off     leave the findings out of the object's\n"
         "                  .debug_cescape section (on: cescape collect\n"
         "                  loads them from objects; strip removes it)\n"
         "  fixits=R,...    emit only these rules' fix-its (all, none)\n"
         "  disable=R,...   neither report nor record these rules\n"
         "  exclude=GLOB    no findings in files matching GLOB (repeatable;\n"
         "                  a tail of the path after a '/' matches too)\n"
         "  config=PATH     read options from PATH instead of the nearest\n"
         "                  .cescape above the source file (none: no file)\n"
         "  dump-graph=FUNC print the escape graph of FUNC's batch, solved,\n"
         "                  as Graphviz dot on stderr (for maintainers)\n";
}

} // namespace cescape
