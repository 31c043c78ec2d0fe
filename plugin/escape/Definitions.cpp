//===- Definitions.cpp - reads of reassigned pointers, flow-sensitive ----===//
//
// `char *p = param; g = p; p = malloc(n); ... free(p);`: a local pointer
// that holds different things at different points. Each plain definition
// of such a local gets a location of its own that flows into the
// variable's, and a read whose reaching definitions (ReachingDefs over
// Clang's CFG) are all plain reads only those. Every other read (after
// `p += n`, past the dataflow's limits, in code the CFG does not reach)
// reads the variable's location, which holds everything it ever held.
//
//===----------------------------------------------------------------------===//
#include "Build.h"
#include "LibcModel.h"
#include "utils/StmtWalk.h"

#include "clang/AST/Expr.h"

using namespace clang;

namespace cescape::escape {

void Builder::planDefinitions(const Stmt *Body) {
  DefLocations.clear();
  Defs.reset();
  // Only variables an allocation assigns are split: the verdicts the split
  // serves are about blocks and frame storage that come in through such a
  // call, and the dataflow is most of what building a graph costs. A
  // function with setjmp has edges no CFG has (LoopsWithoutStructure).
  DefinedByAllocations.clear();
  SplitsDefinitions = !Fn->LoopsWithoutStructure;
  if (!SplitsDefinitions)
    return;
  auto Allocates = [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return false;
    const FunctionDecl *Callee = resolveCallee(Call, *Reassigned);
    if (roleOf(Call, Callee, Opts, Wrappers, Ctx).Kind == CallRole::Allocates)
      return true;
    const LibcFunction *L =
        Callee && !hasKnownBody(Callee) ? lookupLibc(Callee) : nullptr;
    return L && L->makesStorage();
  };
  auto Note = [&](const VarDecl *V, const Expr *Value) {
    if (V && V->getType()->isPointerType() && Value &&
        !forEachStmt(Value, [&](const Stmt *S) { return !Allocates(S); }))
      DefinedByAllocations.insert(V);
  };
  forEachBodyStmt(Body, [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D))
          Note(V, V->getInit());
    if (const auto *B = dyn_cast<BinaryOperator>(S);
        B && B->getOpcode() == BO_Assign)
      if (const auto *Ref = dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParens()))
        Note(dyn_cast<VarDecl>(Ref->getDecl()), B->getRHS());
    return true;
  });
}

bool Builder::followsDefinitions(const VarDecl *V) const {
  return SplitsDefinitions && V && V->hasLocalStorage() &&
         !isa<ParmVarDecl>(V) && V->getType()->isPointerType() &&
         Reassigned->contains(V) && DefinedByAllocations.contains(V) &&
         !Aliased.contains(V) && G.Vars.count(V);
}

Location *Builder::definitionLocation(const VarDecl *V, const Expr *Def) {
  Location *&D = DefLocations[Def];
  if (D)
    return D;
  Location *Whole = G.Vars.lookup(V);
  D = newLocal(V, V->getType(), Whole->Loops);
  D->Anchor = Whole->Anchor;
  D->ScopeDepth = Whole->ScopeDepth;
  G.flow(Hole{Whole, 0, Def->getBeginLoc(), "assign"}, D);
  return D;
}

llvm::SmallVector<Location *, 2>
Builder::reachingLocations(const DeclRefExpr *Ref) {
  llvm::SmallVector<Location *, 2> Out;
  const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
  if (!followsDefinitions(V))
    return Out;
  if (!Defs)
    Defs = std::make_unique<ReachingDefs>(Fn->Fn, Ctx);
  if (auto Values = Defs->valuesAt(Ref))
    for (const Expr *Def : *Values)
      Out.push_back(definitionLocation(V, Def));
  return Out;
}

} // namespace cescape::escape
