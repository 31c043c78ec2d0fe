//===- Database.h - writing findings into the SQLite database ---*- C++ -*-===//
//
// With -fplugin-arg-cescape-db=PATH, each translation unit's findings replace
// that unit's rows in one transaction, so parallel and incremental builds
// keep the database equal to the build tree. A database that cannot be
// written costs one warning; the compile goes on. A file that is not a
// cescape database, or one from a newer cescape, is never touched.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_DATABASE_H
#define CESCAPE_DATABASE_H

#include "Options.h"
#include "Reporter.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>

namespace clang {
class LangOptions;
class SourceManager;
} // namespace clang

namespace cescape {

/// Writes \p Findings of the main file of \p SM into Opts.Database. Returns
/// an error message (a complete sentence), or an empty string.
std::string writeFindings(const Options &Opts, const clang::SourceManager &SM,
                          const clang::LangOptions &LangOpts,
                          llvm::ArrayRef<RecordedFinding> Findings);

} // namespace cescape

#endif
