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
//     reachable from those (a callee's fresh block that holds its
//     argument included), kept by a visible callee (its summary), or
//     handed to a thread no join or wait follows.
//   - Doubt removes evidence: a call to code that may write memory forgets
//     the frame addresses in what it can reach; a write whose target is not
//     known forgets those in every cell of that field; a later call that is
//     handed the object (`finish_command(&cmd)` after `start_command(&cmd)`)
//     forgets that a callee kept it.
//
// Cost: most functions need no dataflow. A function runs it only when the
// escape graph (sound, any doubt escapes) lets one of its frame objects
// reach somewhere this check can find evidence; a callee's summary runs it
// only when the escape summary lets a parameter's value outlive the call,
// and summaries are consulted at most MaxSummaryDepth calls deep (SQLite
// hands its parse context to nearly every function: followed without a
// bound, one caller's summaries ran the dataflow of hundreds of them).
// What a callee may do to evidence the caller already holds (write
// pointers the caller can see, wait for threads) is read from its body
// and its callees' without the dataflow.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_DANGLING_H
#define CESCAPE_ESCAPE_DANGLING_H

#include "Graph.h"
#include "Leaks.h"
#include "Options.h"
#include "Verdicts.h"

#include <memory>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace cescape::escape {
namespace dangling {
class FunctionFlow;
} // namespace dangling

class DanglingCheck {
public:
  /// \p Escapes: the escape analysis's summaries, callees first.
  DanglingCheck(clang::ASTContext &Ctx, const Options &Opts,
                const SummaryMap &Escapes);
  ~DanglingCheck();

  /// Appends the dangling findings of \p Fn to \p Out. \p G, the solved
  /// graph of its batch, explains a finding's flow for m=2.
  void check(const clang::FunctionDecl *Fn, const Graph &G,
             std::vector<Finding> &Out);

  /// What a call may do to evidence its caller holds.
  struct Effects {
    bool WritesOutside = false; ///< may store pointers the caller can see
    bool Waits = false;         ///< joins threads or waits for them
  };
  struct Summary;

private:
  friend class dangling::FunctionFlow;
  /// Calls deep a checked function's dataflow consults summaries: 2 lets a
  /// wrapper's callee keep the address (escape/dangling-callee.c).
  static constexpr unsigned MaxSummaryDepth = 2;
  /// What \p Fn keeps, returns or stores of its parameters, from its
  /// dataflow with callees' summaries \p Depth calls deep; null when that
  /// is unknown (a budget ran out, or recursion).
  const Summary *summary(const clang::FunctionDecl *Fn, unsigned Depth);
  Effects effects(const clang::FunctionDecl *Fn);
  /// Whether the escape summary of \p Fn lets parameter \p I's own value
  /// reach the result, another parameter's memory, memory that certainly
  /// outlives the call, or a fresh block it returns: only then can its
  /// dataflow find that it keeps it.
  bool mayKeepParameter(const clang::FunctionDecl *Fn, unsigned I);
  /// Whether parameter \p I of \p Fn may be stored into a fresh block
  /// it returns: the escape graph sees it reach the heap, and
  /// returnsFreshBlock().
  bool mayReturnBlockHolding(const clang::FunctionDecl *Fn, unsigned I);
  /// Whether \p Fn returns a local variable that is set from malloc() or
  /// a visible function that returns a fresh block, and used for nothing
  /// else than returning it, testing it and reading or writing its block:
  /// a summary's ResultStores need that (nothing but the caller reaches
  /// the block), and it is a cheap test before the dataflow.
  bool returnsFreshBlock(const clang::FunctionDecl *Fn);
  /// Whether \p Fn hands the address of its frame (`&local`, an array) to
  /// a visible callee whose summary says it returns a fresh block holding
  /// it: the escape graph sees only an uncertain escape to the heap there.
  bool handsToResultBlock(const clang::FunctionDecl *Fn);

  clang::ASTContext &Ctx;
  const Options &Opts;
  const SummaryMap &Escapes;
  llvm::DenseMap<const clang::FunctionDecl *, Effects> EffectsOf;
  llvm::DenseMap<const clang::FunctionDecl *, bool> FreshResult;
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, unsigned>,
                 std::unique_ptr<Summary>>
      Summaries; ///< by function and depth; null while being computed
};

} // namespace cescape::escape

#endif
