//===- EscapeCheck.h - Go-style escape analysis for C -----------*- C++ -*-===//
//
// Analyses every function of the translation unit, callees before callers
// (strongly connected components of the call graph are solved as one), and
// reports heap-to-stack, small-buffer, escape and dangling findings.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_ESCAPECHECK_H
#define CESCAPE_ESCAPE_ESCAPECHECK_H

#include "Check.h"

namespace cescape::escape {

class EscapeCheck : public Check {
public:
  using Check::Check;
  void run(clang::ASTContext &Ctx) override;
};

} // namespace cescape::escape

#endif
