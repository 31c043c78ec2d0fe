//===- Check.h - base class of cescape's analyses ---------------*- C++ -*-===//
//
// One analysis per folder, one class per analysis, each registered once in
// Checks.inc. A check sees the whole translation unit after parsing, with
// what the action computes once for all of them and the summary store; it
// reports through the Reporter and does no I/O of its own.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_CHECK_H
#define CESCAPE_CHECK_H

#include "Options.h"
#include "Reporter.h"
#include "SummaryStore.h"
#include "utils/AST.h"
#include "utils/CallGraph.h"

namespace clang {
class ASTContext;
}

namespace cescape {

/// What the action hands every check.
struct CheckContext {
  const Options &Opts;
  Reporter &Report;
  SummaryStore &Summaries;
  ReassignedVars &Reassigned;
  const CallGraph &Calls;
};

class Check {
public:
  explicit Check(const CheckContext &Unit)
      : Opts(Unit.Opts), Report(Unit.Report), Store(Unit.Summaries),
        Reassigned(Unit.Reassigned), Calls(Unit.Calls) {}
  virtual ~Check() = default;
  virtual void run(clang::ASTContext &Ctx) = 0;

protected:
  const Options &Opts;
  Reporter &Report;
  SummaryStore &Store; ///< summaries into and out of the unit
  ReassignedVars &Reassigned;
  const CallGraph &Calls;
};

} // namespace cescape

#endif
