//===- LoopCarried.cpp - values one loop iteration hands the next ---------===//
#include "utils/LoopCarried.h"
#include "utils/AST.h"

#include "clang/AST/Decl.h"
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

LoopCarried::FunctionFacts &LoopCarried::facts(const FunctionDecl *Fn) {
  std::unique_ptr<FunctionFacts> &Slot = Facts[Fn];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<FunctionFacts>();
  FunctionFacts &F = *Slot;
  F.Aliased = aliasedVariables(Fn->getBody(), Fn->getASTContext());
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
    return true; // a CFG without the loop: nothing can be told

  for (const CFGBlock *B : It->second)
    if (F.Live->isLive(B, V))
      return true;
  return false;
}

} // namespace cescape
