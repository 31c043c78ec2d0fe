//===- Database.h - writing findings into the SQLite database ---*- C++ -*-===//
//
// A unit's rows are one payload (db/payload.h), which the object's section
// carries and, with -fplugin-arg-cescape-db=PATH, replaces that unit's rows
// in one transaction, so parallel and incremental builds keep the database
// equal to the build tree. A database that cannot be
// written costs one warning; the compile goes on. A file that is not a
// cescape database, or one from a newer cescape, is never touched.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_DATABASE_H
#define CESCAPE_DATABASE_H

#include "Options.h"
#include "Reporter.h"
#include "SummaryStore.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace clang {
class LangOptions;
class SourceManager;
} // namespace clang

namespace cescape {

/// How the unit was compiled: enough to analyse it again (`cescape
/// resolve`) when a summary it used changes.
struct CompileCommand {
  std::string Compiler;          ///< the clang executable
  std::string Directory;         ///< its working directory
  std::vector<std::string> Args; ///< its -cc1 arguments
};

/// A unit's rows as a payload (db/payload.h), and the texts of the source
/// files they name, which the payload leaves out (by content hash).
struct EncodedUnit {
  std::string Payload; ///< empty when the main file is not a file
  llvm::StringMap<llvm::StringRef> Sources;
};

/// What \p Report recorded for the main file of \p SM, and the summaries
/// in \p Summaries.
EncodedUnit encodeUnit(const Options &Opts, const clang::SourceManager &SM,
                       const clang::LangOptions &LangOpts,
                       const Reporter &Report, const SummaryStore &Summaries,
                       const CompileCommand &Cmd);

/// Replaces the rows of \p Unit in Opts.Database with its rows, adding the
/// source texts the database does not have. Returns an error message (a
/// complete sentence), or an empty string.
std::string writeUnit(const Options &Opts, const EncodedUnit &Unit);

} // namespace cescape

#endif
