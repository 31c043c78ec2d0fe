//===- Check.h - base class of cescape's analyses ---------------*- C++ -*-===//
//
// One analysis per folder, one class per analysis, each registered once in
// Checks.inc. A check sees the whole translation unit after parsing.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_CHECK_H
#define CESCAPE_CHECK_H

#include "Options.h"
#include "Reporter.h"

namespace clang {
class ASTContext;
}

namespace cescape {

class Check {
public:
  Check(const Options &Opts, Reporter &Report) : Opts(Opts), Report(Report) {}
  virtual ~Check() = default;
  virtual void run(clang::ASTContext &Ctx) = 0;

protected:
  const Options &Opts;
  Reporter &Report;
};

} // namespace cescape

#endif
