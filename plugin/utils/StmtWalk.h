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

/// forEachStmt over the function body \p Body, in the same order, from a
/// list of its statements that the first walk of that body keeps: a body
/// is walked by a dozen pre-scans (call graph, reassigned and aliased
/// variables, gotos, definitions, dangling gates, false sharing), and
/// Clang's child iterators cost more than most of them. The lists live
/// until clearBodyWalks().
bool forEachBodyStmt(const clang::Stmt *Body,
                     llvm::function_ref<bool(const clang::Stmt *)> Visit);

/// Forgets the lists of forEachBodyStmt: the unit's AST is going away.
void clearBodyWalks();

} // namespace cescape

#endif
