//===- StmtWalk.cpp - the kept walks of function bodies -------------------===//
#include "StmtWalk.h"

#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <vector>

using namespace clang;

namespace cescape {
namespace {

using Walk = std::vector<const Stmt *>;

/// The statements of each body walked so far, in forEachStmt's order (a
/// visitor may walk another body: each list stays where it is). The
/// plugin analyses one unit per process at a time; the consumer clears
/// them when the unit ends.
llvm::DenseMap<const Stmt *, std::unique_ptr<Walk>> &bodyWalks() {
  static llvm::DenseMap<const Stmt *, std::unique_ptr<Walk>> Walks;
  return Walks;
}

} // namespace

bool forEachBodyStmt(const Stmt *Body,
                     llvm::function_ref<bool(const Stmt *)> Visit) {
  if (!Body)
    return true;
  std::unique_ptr<Walk> &Slot = bodyWalks()[Body];
  if (!Slot) {
    Slot = std::make_unique<Walk>();
    forEachStmt(Body, [&](const Stmt *S) {
      Slot->push_back(S);
      return true;
    });
  }
  const Walk &Statements = *Slot;
  for (const Stmt *S : Statements)
    if (!Visit(S))
      return false;
  return true;
}

void clearBodyWalks() { bodyWalks().clear(); }

} // namespace cescape
