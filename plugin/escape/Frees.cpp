//===- Frees.cpp - which allocation each free() releases ------------------===//
#include "Frees.h"
#include "ReachingDefs.h"
#include "Solve.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <memory>

using namespace clang;

namespace cescape::escape {
namespace {

AllocSite *siteOf(Graph &G, const Location *L) {
  for (AllocSite &A : G.Allocs)
    if (A.Loc == L)
      return &A;
  return nullptr;
}

/// The one allocation of F's function that free(v) can free, from the
/// definitions of v reaching the call (flow-sensitive), if there is one.
AllocSite *reachingAlloc(Graph &G, const FreeSite &F, ReachingDefs &Defs,
                         ASTContext &Ctx) {
  auto Values = Defs.valuesAt(F.Call);
  if (!Values)
    return nullptr;
  AllocSite *Only = nullptr;
  for (const Expr *V : *Values) {
    if (V->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNull))
      continue;
    const auto *Call = dyn_cast<CallExpr>(V->IgnoreParenCasts());
    auto It = Call ? G.AllocByCall.find(Call) : G.AllocByCall.end();
    if (It == G.AllocByCall.end() || (Only && Only != &G.Allocs[It->second]))
      return nullptr;
    Only = &G.Allocs[It->second];
  }
  return Only && Only->Loc->Fn == F.Fn ? Only : nullptr;
}

} // namespace

void attributeFrees(Graph &G, ASTContext &Ctx) {
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<ReachingDefs>> DefsOf;
  for (const FreeSite &F : G.FreeSites) {
    PointsTo P = pointsTo(G, F.Arg);
    bool Alone = P.Targets.size() == 1 &&
                 P.Targets[0]->Kind == LocKind::Alloc &&
                 P.Targets[0]->Fn == F.Fn;
    AllocSite *Freed = nullptr;
    if (Alone) {
      Freed = siteOf(G, P.Targets[0]);
    } else {
      std::unique_ptr<ReachingDefs> &Defs = DefsOf[F.Fn];
      if (!Defs)
        Defs = std::make_unique<ReachingDefs>(F.Fn, Ctx);
      Freed = reachingAlloc(G, F, *Defs, Ctx);
    }
    if (Freed) {
      Freed->Frees.push_back(F.Call);
      continue;
    }
    G.flow(Hole{G.root(Reason::Call), 0, F.Call->getBeginLoc(),
                "freed together with other memory"},
           F.Arg);
  }
}

} // namespace cescape::escape
