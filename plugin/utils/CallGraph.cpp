//===- CallGraph.cpp - the unit's functions and who calls whom ------------===//
#include "CallGraph.h"
#include "StmtWalk.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace cescape {

CallGraph::CallGraph(ASTContext &Ctx, ReassignedVars &Reassigned) {
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    const auto *FD = dyn_cast<FunctionDecl>(D);
    if (FD && FD->doesThisDeclarationHaveABody() && FD->getBody()) {
      Nodes.push_back({FD, {}, {}, false});
      ByDecl[FD] = &Nodes.back();
      Entry.Callees.push_back(&Nodes.back());
    }
  }
  for (CallGraphNode &N : Nodes)
    addCalls(N, Reassigned);
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *V = dyn_cast<VarDecl>(D))
      forEachStmt(V->getInit(), [&](const Stmt *S) {
        if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
          noteAddressTaken(Ref, {});
        return true;
      });
}

void CallGraph::noteAddressTaken(const DeclRefExpr *Ref,
                                 const llvm::DenseSet<const Expr *> &Called) {
  if (const auto *F = dyn_cast<FunctionDecl>(Ref->getDecl()))
    if (!Called.contains(Ref))
      if (const FunctionDecl *Def = F->getDefinition())
        AddressTaken.insert(Def);
}

void CallGraph::addCalls(CallGraphNode &N, ReassignedVars &Reassigned) {
  const llvm::DenseSet<const VarDecl *> &Fixed = Reassigned.of(N.Fn);
  auto Add = [&](const FunctionDecl *C) {
    const FunctionDecl *Def = C ? C->getDefinition() : nullptr;
    CallGraphNode *Callee = Def && Def->getBody() ? ByDecl.lookup(Def) : nullptr;
    if (Callee && llvm::find(N.Callees, Callee) == N.Callees.end())
      N.Callees.push_back(Callee);
  };
  llvm::DenseSet<const Expr *> Called;
  // A call is visited before its callee expression: Called is complete
  // when the DeclRefExpr comes.
  forEachBodyStmt(N.Fn->getBody(), [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = resolveCallee(Call, Fixed);
      Add(Callee);
      N.CallsUnknown |= !Callee;
      if (Callee) {
        const FunctionDecl *Def = Callee->getDefinition();
        N.Sites.push_back({Call, Def ? Def : Callee->getFirstDecl()});
      }
      Called.insert(Call->getCallee()->IgnoreParenImpCasts());
    } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      Add(dyn_cast<FunctionDecl>(Ref->getDecl()));
      noteAddressTaken(Ref, Called);
    }
    return true;
  });
}

} // namespace cescape
