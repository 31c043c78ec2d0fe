//===- ReachingDefs.cpp - what a variable may hold at a free() ------------===//
#include "ReachingDefs.h"
#include "StmtWalk.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace cescape::escape {
namespace {

using DefSet = llvm::SmallPtrSet<const Expr *, 4>;

/// The definition of \p V made by CFG element \p S: its value, or Unknown
/// for an update we cannot follow (`v += 1`, `v++`); null if S defines
/// nothing.
const Expr *const Unknown = reinterpret_cast<const Expr *>(uintptr_t(-1));

const Expr *definition(const Stmt *S, const VarDecl *V) {
  auto Is = [&](const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref && Ref->getDecl() == V;
  };
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (D == V) {
        const Expr *Init = V->getInit();
        return Init ? Init : Unknown;
      }
    return nullptr;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(S))
    if (B->isAssignmentOp() && Is(B->getLHS()))
      return B->getOpcode() == BO_Assign ? B->getRHS() : Unknown;
  if (const auto *U = dyn_cast<UnaryOperator>(S))
    if (U->isIncrementDecrementOp() && Is(U->getSubExpr()))
      return Unknown;
  return nullptr;
}

/// Whether \p V is assigned inside an operand that never runs
/// (__builtin_assume, __builtin_constant_p): the CFG shows it all the same.
bool assignedUnevaluated(const Stmt *Body, const VarDecl *V) {
  llvm::SmallVector<std::pair<const Stmt *, bool>, 64> Work{{Body, false}};
  while (!Work.empty()) {
    auto [S, Unevaluated] = Work.pop_back_val();
    if (!S)
      continue;
    if (Unevaluated && definition(S, V))
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *F = Call->getDirectCallee())
        Unevaluated |= F->getBuiltinID() == Builtin::BI__builtin_assume ||
                       F->getBuiltinID() == Builtin::BI__builtin_constant_p;
    for (const Stmt *Child : S->children())
      Work.push_back({Child, Unevaluated});
  }
  return false;
}

bool addressTaken(const Stmt *Body, const VarDecl *V) {
  return !forEachStmt(Body, [&](const Stmt *S) {
    const auto *U = dyn_cast<UnaryOperator>(S);
    const auto *Ref =
        U && U->getOpcode() == UO_AddrOf
            ? dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParenImpCasts())
            : nullptr;
    return !(Ref && Ref->getDecl() == V);
  });
}

} // namespace

ReachingDefs::ReachingDefs(const FunctionDecl *Fn, ASTContext &Ctx) : Fn(Fn) {
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Graph = CFG::buildCFG(Fn, Fn->getBody(), &Ctx, Options);
}

ReachingDefs::~ReachingDefs() = default;

std::optional<llvm::SmallVector<const Expr *, 2>>
ReachingDefs::valuesAt(const CallExpr *Free) {
  if (!Graph || Free->getNumArgs() < 1)
    return std::nullopt;
  const auto *Ref =
      dyn_cast<DeclRefExpr>(Free->getArg(0)->IgnoreParenImpCasts());
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!V || !V->hasLocalStorage() || addressTaken(Fn->getBody(), V) ||
      assignedUnevaluated(Fn->getBody(), V))
    return std::nullopt;

  // Forward dataflow to a fixpoint: the definitions live at each block's
  // end. A parameter's value at entry is Unknown.
  llvm::DenseMap<const CFGBlock *, DefSet> Out;
  auto Transfer = [&](const CFGBlock *B, DefSet In, const Stmt *Stop) {
    for (const CFGElement &E : *B) {
      auto S = E.getAs<CFGStmt>();
      if (!S)
        continue;
      if (S->getStmt() == Stop)
        break;
      if (const Expr *D = definition(S->getStmt(), V)) {
        In.clear();
        In.insert(D);
      }
    }
    return In;
  };
  auto In = [&](const CFGBlock *B) {
    DefSet Set;
    if (B == &Graph->getEntry() && isa<ParmVarDecl>(V))
      Set.insert(Unknown);
    for (const CFGBlock::AdjacentBlock &P : B->preds())
      if (P)
        for (const Expr *D : Out[P])
          Set.insert(D);
    return Set;
  };
  bool Changed = true;
  for (unsigned Round = 0; Changed && Round < 64; ++Round) {
    Changed = false;
    for (const CFGBlock *B : *Graph) {
      DefSet New = Transfer(B, In(B), nullptr);
      DefSet &Old = Out[B];
      if (New.size() != Old.size() ||
          llvm::any_of(New, [&](const Expr *D) { return !Old.contains(D); })) {
        Old = std::move(New);
        Changed = true;
      }
    }
  }
  if (Changed)
    return std::nullopt;
  for (const CFGBlock *B : *Graph)
    for (const CFGElement &E : *B)
      if (auto S = E.getAs<CFGStmt>(); S && S->getStmt() == Free) {
        DefSet At = Transfer(B, In(B), Free);
        if (At.contains(Unknown))
          return std::nullopt;
        return llvm::SmallVector<const Expr *, 2>(At.begin(), At.end());
      }
  return std::nullopt;
}

} // namespace cescape::escape
