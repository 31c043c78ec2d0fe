//===- Leaks.h - per-parameter summaries ------------------------*- C++ -*-===//
//
// Go's parameter tags (leaks.go), for C: for every parameter of a function
// with a body, the fewest dereferences after which its value reaches
//   - memory that outlives the caller's frame (heap, globals, unknown code),
//   - the function's result,
//   - another thread,
//   - free() (the callee frees it),
//   - the memory another parameter points to.
// Callers apply the summary instead of sending the argument to the heap.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_LEAKS_H
#define CESCAPE_ESCAPE_LEAKS_H

#include "Graph.h"

#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <vector>

namespace cescape::escape {

struct FunctionSummary {
  std::vector<ParamLeaks> Params;
  /// The result may point to memory other than what the parameters point
  /// to (globals, its own allocations, anything from unknown code).
  bool ResultUnknown = true;
};

using SummaryMap = llvm::DenseMap<const clang::FunctionDecl *, FunctionSummary>;

/// The summary of a name several units define (two programs in one tree,
/// one file compiled twice), where a call may link to either definition:
/// every fact at its worst of the two (each leak at the fewer
/// dereferences, Mutates and ResultUnknown or-ed). Equal summaries join to
/// themselves. None when the parameter counts differ.
std::optional<FunctionSummary> join(FunctionSummary A,
                                    const FunctionSummary &B);

/// Records, while solving, that parameter \p Param's value reaches \p Root
/// after \p Derefs dereferences.
void recordLeak(Graph &G, const Location &Root, const Location &Param,
                int Derefs);

/// The summaries of the batch's functions once the graph is solved.
void summarize(Graph &G, SummaryMap &Out);

} // namespace cescape::escape

#endif
