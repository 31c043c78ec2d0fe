//===- Options.h - cescape plugin arguments ---------------------*- C++ -*-===//
//
// The plugin's options, parsed once from -fplugin-arg-cescape-<arg> and then
// copied by value into the consumer (the action is destroyed before parsing).
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_OPTIONS_H
#define CESCAPE_OPTIONS_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cescape {

/// A user allocator and the function that frees what it returns
/// (`alloc=xmalloc:xfree`, `alloc=xcalloc:free:1,2`).
struct AllocatorPair {
  std::string Alloc;
  std::string Free;
  /// The arguments whose product is the size, 0-based (the option spells
  /// them 1-based, like `alloc_size`). Empty: the lone argument of a
  /// one-argument call, if it is an integer.
  std::vector<unsigned> SizeArgs;
};

struct Options {
  /// 0: actionable findings only; 1 (`m`): also every escaping allocation
  /// with its reason; 2 (`m=2`): also the flow path of each escape.
  unsigned Verbosity = 0;
  /// `werror`: dangling findings are errors. -Werror alone does not make
  /// them errors: the build must not break because of cescape.
  bool DanglingErrors = false;
  /// Largest allocation, in bytes, suggested as a stack array. C stacks do
  /// not grow like Go's, hence a small default.
  uint64_t MaxStack = 4096;
  /// Bytes of the stack buffer suggested for small-buffer findings.
  uint64_t SmallBuffer = 256;
  std::vector<AllocatorPair> Allocators;
  /// SQLite database to record findings in (db=PATH); none when empty.
  std::string Database;
  /// Whether the objects carry the unit's rows in their .debug_cescape
  /// section, for `cescape collect` (section=on|off). The action turns it
  /// off for a compile that writes no object (Options of one unit).
  bool Section = true;
  /// Paths in the database are relative to it (root=DIR); absolute after
  /// resolvePaths(), empty when there is none (see resolvePaths()).
  std::string Root;
  /// Root with its symbolic links resolved (resolvePaths()): a build that
  /// enters the tree through a link (make -C, a symlinked home) names its
  /// files by either.
  std::string RealRoot;
  /// Cache line size in bytes for the false-sharing rules (cacheline=N);
  /// 0 means the target's (see falsesharing/Layout.h).
  uint64_t CacheLine = 0;
  /// How long to wait for another writer to finish, milliseconds.
  uint64_t DatabaseTimeout = 30000;
  /// The project configuration file (config=PATH); by default the nearest
  /// .cescape above the main file, none with config=none.
  std::string ConfigFile;
  /// The rules whose fix-its are emitted (fixits=RULE,...; none: no rule);
  /// all when unset. The database records every fix-it regardless.
  std::optional<std::vector<std::string>> FixItRules;
  /// Rules switched off (disable=RULE,...): neither printed nor recorded.
  std::vector<std::string> DisabledRules;
  /// Paths whose findings are left out (exclude=GLOB, repeatable): a glob
  /// matches a file when it matches its path or a tail of it that starts
  /// after a '/' ('*' crosses '/'), so "tests/*" matches ./tests/a.c.
  std::vector<std::string> Excludes;
  /// For maintainers: print the escape graph of the batch holding this
  /// function, after solving, as Graphviz dot on stderr (dump-graph=FUNC).
  std::string DumpGraph;
};

/// Parses the plugin arguments into \p Opts. Returns false and sets \p Error
/// (a complete sentence) on the first bad argument.
bool parseOptions(const std::vector<std::string> &Args, Options &Opts,
                  std::string &Error);

/// The .cescape file that applies to \p Source: the one in its directory or
/// the nearest ancestor's, found the way clang-tidy finds .clang-tidy, up
/// to the directory holding .git; files owned by another user are passed
/// over. Empty when there is none.
std::string findConfigFile(const std::string &Source);

/// Reads a project configuration file into \p Opts: one plugin argument per
/// line, spelled `name = value` (or just `name`), `#` starts a comment.
/// Returns false and sets \p Error ("FILE:LINE: ...") on the first bad line.
bool readConfigFile(const std::string &Path, Options &Opts, std::string &Error);

/// Makes Opts.Root and Opts.Database absolute for the unit of \p MainFile
/// (empty: not a file) by the README's rule ("Paths and the project
/// root"): root=, else the nearest ancestor with a .git (a submodule's
/// passed over), else the directory of an absolute db=; a relative db= is
/// below the root. Returns false with \p Warning set, and no database,
/// when a relative db= has no root: one database per directory would
/// split the findings silently.
bool resolvePaths(Options &Opts, llvm::StringRef MainFile,
                  std::string &Warning);

/// \p File (absolute, or relative to the working directory) as the
/// database names it: relative to Opts.Root when it is below it (or below
/// Opts.RealRoot once its links are resolved), absolute otherwise.
std::string projectPath(llvm::StringRef File, const Options &Opts);

/// Whether \p MainFile is a program a configure step compiles to probe the
/// compiler (autoconf's conftest.c, CMake's try_compile, Meson's checks):
/// never project code, and its output must stay the compiler's alone.
bool isConfigureProbe(llvm::StringRef MainFile);

/// The text printed for `-fplugin-arg-cescape-help`.
const char *optionsHelp();

} // namespace cescape

#endif
