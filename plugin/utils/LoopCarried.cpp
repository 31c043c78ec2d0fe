//===- LoopCarried.cpp - values one loop iteration hands the next ---------===//
#include "utils/LoopCarried.h"
#include "utils/StmtWalk.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/Analyses/LiveVariables.h"
#include "clang/Analysis/CFG.h"

using namespace clang;

namespace cescape {

LoopCarried::LoopCarried(ASTContext &Ctx) : Manager(Ctx) {
  // Liveness sees the uses of variables only when every expression is an
  // element of its block.
  Manager.getCFGBuildOptions().setAllAlwaysAdd();
}
LoopCarried::~LoopCarried() = default;

/// The variable \p E names, through parentheses and `.` members.
static const VarDecl *storageOf(const Expr *E) {
  for (;;) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(E); ME && !ME->isArrow()) {
      E = ME->getBase();
      continue;
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  }
}

LoopCarried::FunctionFacts &LoopCarried::facts(const FunctionDecl *Fn) {
  std::unique_ptr<FunctionFacts> &Slot = Facts[Fn];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<FunctionFacts>();
  FunctionFacts &F = *Slot;
  forEachStmt(Fn->getBody(), [&](const Stmt *S) {
    if (const auto *U = dyn_cast<UnaryOperator>(S);
        U && U->getOpcode() == UO_AddrOf) {
      if (const VarDecl *V = storageOf(U->getSubExpr()))
        F.Aliased.insert(V);
    } else if (const auto *Cast = dyn_cast<ImplicitCastExpr>(S);
               Cast && Cast->getCastKind() == CK_ArrayToPointerDecay) {
      if (const VarDecl *V = storageOf(Cast->getSubExpr()))
        F.Aliased.insert(V);
    } else if (const auto *Asm = dyn_cast<AsmStmt>(S)) {
      for (const Stmt *Child : Asm->children())
        if (const auto *E = dyn_cast_or_null<Expr>(Child))
          if (const VarDecl *V = storageOf(E))
            F.Aliased.insert(V);
    } else if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Decls->decls())
        if (D->hasAttr<CleanupAttr>())
          F.Aliased.insert(cast<VarDecl>(D));
    } else if (const auto *Block = dyn_cast<BlockExpr>(S)) {
      for (const BlockDecl::Capture &C : Block->getBlockDecl()->captures())
        F.Aliased.insert(C.getVariable());
    }
    return true;
  });
  AnalysisDeclContext *AC = Manager.getContext(Fn);
  const CFG *Cfg = AC ? AC->getCFG() : nullptr;
  if (!Cfg)
    return F;
  F.Live = AC->getAnalysis<LiveVariables>();
  // Clang routes every edge back to a loop's head through one block that
  // names the loop as its target (continue statements included).
  for (const CFGBlock *B : *Cfg)
    if (const Stmt *Loop = B->getLoopTarget())
      F.BackEdges[Loop].push_back(B);
  return F;
}

bool LoopCarried::carries(const FunctionDecl *Fn, const Stmt *Loop,
                          const VarDecl *V) {
  if (!Loop || !V || !V->getType()->isScalarType())
    return true;
  FunctionFacts &F = facts(Fn);
  if (!F.Live || F.Aliased.contains(V))
    return true;
  auto It = F.BackEdges.find(Loop);
  if (It == F.BackEdges.end())
    return false; // the loop never repeats (or its body is unreachable)

  for (const CFGBlock *B : It->second)
    if (F.Live->isLive(B, V))
      return true;
  return false;
}

} // namespace cescape
