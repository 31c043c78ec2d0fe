//===- Solve.h - solving the escape graph -----------------------*- C++ -*-===//
//
// Go's solver (solve.go): walk backwards from every root, keeping the least
// number of dereferences per location; a location whose address reaches a
// root that outlives it escapes and becomes a root itself. Before that,
// stores through pointers are resolved with a small points-to analysis, so
// `h->buf = p` on a local `h` connects p to h instead of the heap.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_SOLVE_H
#define CESCAPE_ESCAPE_SOLVE_H

#include "Graph.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace cescape {
class LoopCarried;
}

namespace cescape::escape {

/// Visits every location whose value flows into \p Roots, with the least
/// dereference count (Go's walkOne without the verdicts). The visitor returns
/// false to stop at a location (not to expand its incoming edges).
void walkBackward(Graph &G, llvm::ArrayRef<Location *> Roots,
                  llvm::function_ref<bool(Location &, int Derefs)> Visit);

/// What a pointer value may point to.
struct PointsTo {
  /// Frame or heap objects, or roots standing for memory we cannot see.
  llvm::SmallVector<Location *, 4> Targets;
  bool GaveUp = false; ///< the value's history was too long to follow
};
using PointsToCache = llvm::DenseMap<Location *, PointsTo>;
PointsTo pointsTo(Graph &G, Location *Ptr, PointsToCache *Cache = nullptr);

/// Connects stores to their targets until nothing changes, then marks
/// Exposed locations (ones others may write pointers into).
void resolveStores(Graph &G);

/// Marks an allocation as escaping before solving (free() of several
/// allocations at once, setjmp...).
void markEscape(Graph &G, Location &L, Reason Why);

/// Solves the graph: every location's Escapes, Why, Path; records leaks.
/// \p Loops tells which variables hand a block from one iteration to the
/// next.
void solve(Graph &G, LoopCarried &Loops);

/// The named locals of an allocation's function that may hold its address.
/// One backward walk per local answers for every allocation of the function
/// (a walk per allocation and local made one function with thousands of
/// them quadratic).
class Holders {
public:
  explicit Holders(Graph &G) : G(G) {}
  const std::vector<Location *> &of(const Location &Alloc);

private:
  Graph &G;
  llvm::DenseSet<const clang::FunctionDecl *> Walked;
  llvm::DenseMap<const Location *, std::vector<Location *>> ByAlloc;
  const std::vector<Location *> None;
};

} // namespace cescape::escape

#endif
