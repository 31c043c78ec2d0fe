//===- ReachingDefs.h - what a variable may hold at a free() ----*- C++ -*-===//
//
// The escape graph is flow-insensitive: after `p = malloc(4); free(p);
// p = malloc(8); free(p);` both frees seem to free either block, which keeps
// both on the heap. For free(v) of a local whose address is never taken,
// the definitions of v that reach the call (a classic dataflow over Clang's
// CFG) say which allocation it frees.
//
// The same dataflow tells the escape graph which definitions a read of a
// reassigned pointer sees (Builder::valueOf).
//
// Cost: one dataflow per freed variable, whose result serves all its frees;
// a set of more than a few definitions is "many" (a free of one of several
// blocks keeps them all on the heap anyway), and a function's dataflows
// share one work budget. Past it, a free is unknown: its blocks escape.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_REACHINGDEFS_H
#define CESCAPE_ESCAPE_REACHINGDEFS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <memory>
#include <optional>

namespace clang {
class ASTContext;
class CallExpr;
class CFG;
class DeclRefExpr;
class CFGBlock;
class Expr;
class FunctionDecl;
class VarDecl;
} // namespace clang

namespace cescape::escape {

class ReachingDefs {
public:
  ReachingDefs(const clang::FunctionDecl *Fn, clang::ASTContext &Ctx);
  ~ReachingDefs();

  /// The values the argument of \p Free may have: the right-hand sides of
  /// the assignments and initializers of that variable that reach the call.
  /// Null when the argument is not a plain local variable, its address is
  /// taken, some definition is not a plain assignment, or the function is
  /// over the budget.
  std::optional<llvm::SmallVector<const clang::Expr *, 2>>
  valuesAt(const clang::CallExpr *Free);

  /// Definitions reaching a point; Unknown alone when one of them cannot be
  /// followed or there are too many.
  using DefSet = llvm::SmallVector<const clang::Expr *, 4>;

  /// The values a read of a local may have, as valuesAt: the definitions of
  /// its variable that reach \p Use. Null as for valuesAt, and when the read
  /// is in code the CFG does not reach.
  std::optional<llvm::SmallVector<const clang::Expr *, 2>>
  valuesAt(const clang::DeclRefExpr *Use);

private:
  /// Runs the dataflow of \p V and keeps what reaches each call whose
  /// first argument is V, and each read of V.
  void solve(const clang::VarDecl *V);
  /// Solves the variable \p Ref names when it can be followed; false if not.
  bool follow(const clang::DeclRefExpr *Ref);

  const clang::FunctionDecl *Fn;
  std::unique_ptr<clang::CFG> Graph;
  /// The blocks in reverse post-order: one pass settles a loop-free body.
  std::vector<const clang::CFGBlock *> Order;
  /// Locals the dataflow cannot follow: address taken, or assigned in an
  /// operand that never runs.
  llvm::DenseSet<const clang::VarDecl *> Untracked;
  llvm::DenseSet<const clang::VarDecl *> Solved;
  /// The blocks that define, read or free each local: the others pass
  /// what reaches them through unchanged.
  llvm::DenseMap<const clang::VarDecl *,
                 llvm::SmallPtrSet<const clang::CFGBlock *, 8>>
      Touches;
  llvm::DenseMap<const clang::CallExpr *, DefSet> AtCall;
  llvm::DenseMap<const clang::DeclRefExpr *, DefSet> AtUse;
  /// CFG elements the dataflows of this function may still visit.
  uint64_t Budget;
};

} // namespace cescape::escape

#endif
