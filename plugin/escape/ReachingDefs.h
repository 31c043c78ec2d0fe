//===- ReachingDefs.h - what a variable may hold at a free() ----*- C++ -*-===//
//
// The escape graph is flow-insensitive: after `p = malloc(4); free(p);
// p = malloc(8); free(p);` both frees seem to free either block, which keeps
// both on the heap. For free(v) of a local whose address is never taken,
// the definitions of v that reach the call (a classic dataflow over Clang's
// CFG) say which allocation it frees.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_REACHINGDEFS_H
#define CESCAPE_ESCAPE_REACHINGDEFS_H

#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <optional>

namespace clang {
class ASTContext;
class CallExpr;
class CFG;
class Expr;
class FunctionDecl;
} // namespace clang

namespace cescape::escape {

class ReachingDefs {
public:
  ReachingDefs(const clang::FunctionDecl *Fn, clang::ASTContext &Ctx);
  ~ReachingDefs();

  /// The values the argument of \p Free may have: the right-hand sides of
  /// the assignments and initializers of that variable that reach the call.
  /// Null when the argument is not a plain local variable, its address is
  /// taken, or some definition is not a plain assignment.
  std::optional<llvm::SmallVector<const clang::Expr *, 2>>
  valuesAt(const clang::CallExpr *Free);

private:
  const clang::FunctionDecl *Fn;
  std::unique_ptr<clang::CFG> Graph;
};

} // namespace cescape::escape

#endif
