//===- Verdicts.h - findings from a solved escape graph --------*- C++ -*-===//
//
// The last phase of a batch: each allocation site becomes heap-to-stack
// (a fixed array, with its fix-it), small-buffer (a stack buffer with heap
// fallback) or escape (with the reason and, for -m=2, its flow path). The
// message texts live here; dangling warnings have their own check
// (Dangling.h).
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_VERDICTS_H
#define CESCAPE_ESCAPE_VERDICTS_H

#include "Graph.h"
#include "Options.h"
#include "Reporter.h"
#include "utils/AST.h"

#include "clang/Basic/Diagnostic.h"

#include <string>
#include <vector>

namespace clang {
class ASTContext;
}

namespace cescape::escape {

/// A step of a finding's explanation.
struct Note {
  clang::SourceLocation Loc;
  std::string Text;
  bool Print; ///< flow steps are printed with m=2 only, but always stored
};

/// A finding before it is sorted and handed to the Reporter.
struct Finding {
  Rule R;
  clang::SourceLocation Loc;
  std::string Message;
  FindingFacts Facts;
  bool Print = true;
  std::vector<clang::FixItHint> Hints = {};
  std::vector<Note> Notes = {};
};

/// The explanation of \p L's escape, like Go's -m=2 but in sentences: one
/// note per step of its flow path ("p points to the memory from
/// malloc(16)"), printed with m=2.
void addFlowNotes(const Location &L, Finding &F,
                  const clang::SourceManager &SM, const Options &Opts);

/// Appends the findings of the solved batch \p G to \p Out. \p Recursive:
/// its functions call themselves, directly or not.
void addVerdicts(Graph &G, clang::ASTContext &Ctx, const Options &Opts,
                 const Reporter &Report, ReassignedVars &Reassigned,
                 bool Recursive, std::vector<Finding> &Out);

} // namespace cescape::escape

#endif
