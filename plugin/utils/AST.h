//===- AST.h - small questions about the AST both analyses ask --*- C++ -*-===//
//
// Shared by escape analysis and false sharing, like clang-tidy's utils/:
// which function a call reaches, which locals are reassigned, an
// expression's text for messages.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_UTILS_AST_H
#define CESCAPE_UTILS_AST_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class ArraySubscriptExpr;
class CallExpr;
class Expr;
class FunctionDecl;
class Stmt;
class StmtExpr;
class VarDecl;
} // namespace clang

namespace cescape {

/// The function \p E designates: `f`, `&f`, `(f)`, a cast of one.
const clang::FunctionDecl *functionDesignator(const clang::Expr *E);

/// The function a call reaches, when it can be known: a direct callee, or a
/// local function pointer that is never reassigned (Go's StaticValue).
const clang::FunctionDecl *
resolveCallee(const clang::CallExpr *Call,
              const llvm::DenseSet<const clang::VarDecl *> &Reassigned);

/// The source text of \p E on one line, shortened for messages.
std::string spelling(const clang::Expr *E, const clang::ASTContext &Ctx);

/// The variable whose storage \p E names, through parentheses, implicit
/// casts, `.` members and array elements: `v`, `v.a.b`, `v.a[i]`; null for
/// anything else.
const clang::VarDecl *namedStorage(const clang::Expr *E);

/// The pointer variable whose block \p E names a part of: `q->a`,
/// `q->s.b[1]` (an arrow on the variable, then `.` members and array
/// elements); null for anything else.
const clang::VarDecl *pointedStorage(const clang::Expr *E);

/// The expressions whose storage a statement hands out, for a walk that
/// visits parents first: the operand of `&`, an array decayed to a pointer
/// (other than to be indexed by a constant at once), asm operands.
class StorageExposure {
public:
  explicit StorageExposure(const clang::ASTContext &Ctx) : Ctx(Ctx) {}
  /// Calls \p Expose with each expression \p S hands out.
  void visit(const clang::Stmt *S,
             llvm::function_ref<void(const clang::Expr *)> Expose);

private:
  const clang::ASTContext &Ctx;
  /// `a[1]`: the decays indexed by a constant at once.
  llvm::SmallPtrSet<const clang::Stmt *, 16> IndexedAtOnce;
};

/// Variables of \p Body whose storage other code may reach without naming
/// them: their address (or a member's) is taken, an array in them decays to
/// a pointer (other than to be indexed by a constant at once), they are asm
/// operands, have a cleanup function or are captured
/// by a block. Found once per body (the builder, the dangling check and
/// the loop rule all ask) and kept until clearAliasedVariables().
const llvm::DenseSet<const clang::VarDecl *> &
aliasedVariables(const clang::Stmt *Body, const clang::ASTContext &Ctx);

/// Forgets the sets of aliasedVariables: the unit's AST is going away.
void clearAliasedVariables();

/// `i` in `a[i]` when a is an array and i a constant within its bounds.
std::optional<uint64_t> constantElement(const clang::ArraySubscriptExpr *A,
                                        const clang::ASTContext &Ctx);

/// The expression whose value a statement expression `({ ...; e; })` has:
/// its last statement that is not null, through labels (`({ done: e; })`);
/// null when that is no expression.
const clang::Expr *statementValue(const clang::StmtExpr *E);

/// Whether \p E is a null pointer constant, through parentheses and casts:
/// `NULL`, `0`, `(char *)0`.
bool isNullConstant(const clang::Expr *E, const clang::ASTContext &Ctx);

/// Whether \p FD's body in this file is the one that runs (not weak).
bool hasKnownBody(const clang::FunctionDecl *FD);

/// Variables of a function that are assigned, incremented or have their
/// address taken after their declaration (the reassignment oracle used by
/// constant folding and function pointer resolution), found once per
/// function for the whole translation unit.
class ReassignedVars {
public:
  const llvm::DenseSet<const clang::VarDecl *> &
  of(const clang::FunctionDecl *Fn);

private:
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::unique_ptr<llvm::DenseSet<const clang::VarDecl *>>>
      Sets;
};

} // namespace cescape

#endif
