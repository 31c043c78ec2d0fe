//===- StmtWalk.h - visiting every statement below another ------*- C++ -*-===//
//
// The pre-scans of a function body (reassigned variables, gotos, pointer to
// integer conversions, callees...) all walk the same way: every statement,
// block bodies included (they are code too), iteratively.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_UTILS_STMTWALK_H
#define CESCAPE_UTILS_STMTWALK_H

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace cescape {

/// Calls \p Visit on \p Root and every statement below it until it returns
/// false; returns false when it was stopped so.
inline bool forEachStmt(const clang::Stmt *Root,
                        llvm::function_ref<bool(const clang::Stmt *)> Visit) {
  llvm::SmallVector<const clang::Stmt *, 64> Work{Root};
  while (!Work.empty()) {
    const clang::Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (!Visit(S))
      return false;
    if (const auto *Block = llvm::dyn_cast<clang::BlockExpr>(S))
      Work.push_back(Block->getBody());
    for (const clang::Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return true;
}

} // namespace cescape

#endif
