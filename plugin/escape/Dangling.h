//===- Dangling.h - stack addresses that outlive their frame ---*- C++ -*-===//
//
// A dangling warning fails a merge request, so it must be a fact a reviewer
// accepts. The escape graph cannot give that: it is flow- and
// field-insensitive and takes the safe side for stack verdicts (any doubt
// escapes). This check has its own analysis, taking the other side (any
// doubt is silence):
//
//   - Flow-sensitive over Clang's CFG: a store undone on every path before
//     the function returns (`saved = S->jmp; S->jmp = &lj; ...; S->jmp =
//     saved`) leaves no evidence; values joined at merges, so "on some
//     path" survives.
//   - Field-sensitive: cells are an object plus up to three fields, so a
//     context struct holding `&t` whose `isError` alone is returned is no
//     evidence. Unions share one cell.
//   - Evidence is read at the function's exit: a frame address in the
//     result, in a global, in memory a parameter reaches, in a heap block
//     reachable from those, kept by a visible callee (its summary), or
//     handed to a thread no join or wait follows.
//   - Doubt removes evidence: a call to code that may write memory forgets
//     the frame addresses in what it can reach; a write whose target is not
//     known forgets those in every cell of that field; a later call that is
//     handed the object (`finish_command(&cmd)` after `start_command(&cmd)`)
//     forgets that a callee kept it.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_DANGLING_H
#define CESCAPE_ESCAPE_DANGLING_H

#include "Graph.h"
#include "Options.h"
#include "Verdicts.h"

#include <memory>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace cescape::escape {

class DanglingCheck {
public:
  DanglingCheck(clang::ASTContext &Ctx, const Options &Opts);
  ~DanglingCheck();

  /// Appends the dangling findings of \p Fn to \p Out. \p G, the solved
  /// graph of its batch, explains a finding's flow for m=2.
  void check(const clang::FunctionDecl *Fn, const Graph &G,
             std::vector<Finding> &Out);

  struct Summary;

private:
  const Summary *summary(const clang::FunctionDecl *Fn);

  clang::ASTContext &Ctx;
  const Options &Opts;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<Summary>>
      Summaries; ///< null while being computed (recursion: unknown)
};

} // namespace cescape::escape

#endif
