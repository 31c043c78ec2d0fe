//===- LoopCarried.h - values one loop iteration hands the next -*- C++ -*-===//
//
// A pointer variable declared outside a loop that allocates a block on each
// iteration holds one block at a time when every iteration assigns it before
// reading it: the previous block is never seen again. Clang's liveness over
// the CFG says so, at the edges that go back to the loop's head.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_UTILS_LOOPCARRIED_H
#define CESCAPE_UTILS_LOOPCARRIED_H

#include "clang/Analysis/AnalysisDeclContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>

namespace clang {
class ASTContext;
class FunctionDecl;
class LiveVariables;
class Stmt;
class VarDecl;
} // namespace clang

namespace cescape {

class LoopCarried {
public:
  explicit LoopCarried(clang::ASTContext &Ctx);
  ~LoopCarried();

  /// Whether the value \p V holds when an iteration of \p Loop (a for,
  /// while or do statement of \p Fn) ends may be read by a later iteration.
  /// True whenever that cannot be told: \p V's address is taken, it is not a
  /// scalar, or the CFG cannot be built.
  bool carries(const clang::FunctionDecl *Fn, const clang::Stmt *Loop,
               const clang::VarDecl *V);

private:
  struct FunctionFacts {
    clang::LiveVariables *Live = nullptr; ///< null: no CFG
    /// Per loop statement, the blocks that jump back to its head.
    llvm::DenseMap<const clang::Stmt *,
                   llvm::SmallVector<const clang::CFGBlock *, 2>>
        BackEdges;
    /// Variables whose storage something else may read: address taken,
    /// asm operands, cleanup attributes.
    llvm::DenseSet<const clang::VarDecl *> Aliased;
  };
  FunctionFacts &facts(const clang::FunctionDecl *Fn);

  clang::AnalysisDeclContextManager Manager;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<FunctionFacts>>
      Facts;
};

} // namespace cescape

#endif
