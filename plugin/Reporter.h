//===- Reporter.h - cescape diagnostics -------------------------*- C++ -*-===//
//
// Every finding goes through here: one custom diagnostic ID per rule and
// level, the ` [cescape:<rule>]` suffix, system-header filtering, and the
// -Werror / -w handling that Clang 19 does not do for custom diagnostics.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_REPORTER_H
#define CESCAPE_REPORTER_H

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/ArrayRef.h"

namespace cescape {

/// The public rule names, as they appear in `[cescape:<rule>]`.
enum class Rule { HeapToStack, SmallBuffer, Escape, Dangling };

const char *ruleName(Rule R);

class Reporter {
public:
  Reporter(clang::DiagnosticsEngine &Diags, const clang::SourceManager &SM);

  /// False for invalid locations and locations in system headers.
  bool isReportable(clang::SourceLocation Loc) const;

  /// Emits a finding; returns false when it was filtered out, in which case
  /// its notes must not be emitted either.
  bool finding(Rule R, clang::SourceLocation Loc, llvm::StringRef Message,
               llvm::ArrayRef<clang::FixItHint> FixIts = {});
  /// A note attached to the finding emitted just before.
  void note(clang::SourceLocation Loc, llvm::StringRef Message);

private:
  clang::DiagnosticsEngine &Diags;
  const clang::SourceManager &SM;
  unsigned NoteID;
};

} // namespace cescape

#endif
