//===- ReachingDefs.cpp - what a variable may hold at a free() ------------===//
#include "ReachingDefs.h"
#include "utils/CFGOrder.h"
#include "utils/StmtWalk.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace cescape::escape {
namespace {

using DefSet = ReachingDefs::DefSet;

/// The definition of \p V made by CFG element \p S: its value, or Unknown
/// for an update we cannot follow (`v += 1`, `v++`); null if S defines
/// nothing.
const Expr *const Unknown = reinterpret_cast<const Expr *>(uintptr_t(-1));

/// More definitions than this reaching one free: it frees one of several
/// blocks, which keeps them all on the heap, so the set need not be kept.
constexpr size_t MaxDefs = 8;
/// CFG elements a function's dataflows may visit in all; past it, frees
/// are unknown (testdata/attacks/reachdefs.test reaches it).
constexpr uint64_t WorkBudget = uint64_t(1) << 22;
/// Passes over the blocks before a dataflow is given up (loops nested this
/// deep are unknown).
constexpr unsigned MaxRounds = 64;

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

/// The variable \p S assigns or declares, if any (for a declaration of
/// several, calls \p Found for each).
template <typename Fn> void definedVars(const Stmt *S, Fn Found) {
  auto Var = [](const Expr *E) -> const VarDecl * {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  };
  const VarDecl *V = nullptr;
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *DV = dyn_cast<VarDecl>(D))
        Found(DV);
  } else if (const auto *B = dyn_cast<BinaryOperator>(S)) {
    if (B->isAssignmentOp())
      V = Var(B->getLHS());
  } else if (const auto *U = dyn_cast<UnaryOperator>(S)) {
    if (U->isIncrementDecrementOp())
      V = Var(U->getSubExpr());
  }
  if (V)
    Found(V);
}

/// The local whose value a call's first argument is, if it is one.
const VarDecl *firstArgVar(const CallExpr *Call) {
  if (Call->getNumArgs() < 1)
    return nullptr;
  const auto *Ref =
      dyn_cast<DeclRefExpr>(Call->getArg(0)->IgnoreParenImpCasts());
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// Adds \p D to the sorted set \p Set; Unknown absorbs everything.
void add(DefSet &Set, const Expr *D) {
  if (Set.size() == 1 && Set.front() == Unknown)
    return;
  auto It = llvm::lower_bound(Set, D);
  if (It != Set.end() && *It == D)
    return;
  if (D == Unknown || Set.size() == MaxDefs) {
    Set.assign(1, Unknown);
    return;
  }
  Set.insert(It, D);
}

} // namespace

ReachingDefs::ReachingDefs(const FunctionDecl *Fn, ASTContext &Ctx)
    : Fn(Fn), Budget(WorkBudget) {
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Graph = CFG::buildCFG(Fn, Fn->getBody(), &Ctx, Options);
  if (!Graph)
    return;
  Order = reversePostOrder(*Graph);
  forEachBodyStmt(Fn->getBody(), [&](const Stmt *S) {
    if (const auto *U = dyn_cast<UnaryOperator>(S);
        U && U->getOpcode() == UO_AddrOf)
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParenImpCasts()))
        if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
          Untracked.insert(V);
    return true;
  });
  // An assignment inside an operand that never runs (__builtin_assume,
  // __builtin_constant_p) is in the CFG all the same.
  llvm::SmallVector<std::pair<const Stmt *, bool>, 64> Work{
      {Fn->getBody(), false}};
  while (!Work.empty()) {
    auto [S, Unevaluated] = Work.pop_back_val();
    if (!S)
      continue;
    if (Unevaluated)
      definedVars(S, [&](const VarDecl *V) { Untracked.insert(V); });
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *F = Call->getDirectCallee())
        Unevaluated |= F->getBuiltinID() == Builtin::BI__builtin_assume ||
                       F->getBuiltinID() == Builtin::BI__builtin_constant_p;
    for (const Stmt *Child : S->children())
      Work.push_back({Child, Unevaluated});
  }
  for (const CFGBlock *B : Order)
    for (const CFGElement &E : *B)
      if (auto S = E.getAs<CFGStmt>()) {
        const Stmt *St = S->getStmt();
        definedVars(St, [&](const VarDecl *V) { Touches[V].insert(B); });
        if (const auto *Ref = dyn_cast<DeclRefExpr>(St))
          if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
            Touches[V].insert(B);
        if (const auto *Call = dyn_cast<CallExpr>(St))
          if (const VarDecl *V = firstArgVar(Call))
            Touches[V].insert(B);
      }
}

ReachingDefs::~ReachingDefs() = default;

void ReachingDefs::solve(const VarDecl *V) {
  // Forward dataflow to a fixpoint: the definitions live at each block's
  // end. A parameter's value at entry is Unknown.
  llvm::DenseMap<const CFGBlock *, DefSet> Out;
  auto In = [&](const CFGBlock *B) {
    DefSet Set;
    if (B == &Graph->getEntry() && isa<ParmVarDecl>(V))
      add(Set, Unknown);
    for (const CFGBlock::AdjacentBlock &P : B->preds())
      if (auto It = Out.find(P); P && It != Out.end())
        for (const Expr *D : It->second)
          add(Set, D);
    return Set;
  };
  const llvm::SmallPtrSet<const CFGBlock *, 8> &Mine = Touches[V];
  // One block; with \p Record, keeps what reaches each call of V.
  auto Transfer = [&](const CFGBlock *B, bool Record) {
    DefSet Set = In(B);
    if (!Mine.contains(B))
      return Set;
    for (const CFGElement &E : *B) {
      auto S = E.getAs<CFGStmt>();
      if (!S)
        continue;
      if (const auto *Call = dyn_cast<CallExpr>(S->getStmt());
          Record && Call && firstArgVar(Call) == V)
        AtCall[Call] = Set;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S->getStmt());
          Record && Ref && Ref->getDecl() == V)
        AtUse[Ref] = Set;
      if (const Expr *D = definition(S->getStmt(), V)) {
        Set.clear();
        add(Set, D);
      }
    }
    return Set;
  };
  auto Spend = [&](const CFGBlock *B) {
    uint64_t Cost = B->size() + B->pred_size() * MaxDefs + 1;
    if (Cost > Budget) {
      Budget = 0;
      return false;
    }
    Budget -= Cost;
    return true;
  };
  bool Changed = true;
  for (unsigned Round = 0; Changed; ++Round) {
    if (Round == MaxRounds)
      return;
    Changed = false;
    for (const CFGBlock *B : Order) {
      if (!Spend(B))
        return;
      DefSet New = Transfer(B, /*Record=*/false);
      DefSet &Old = Out[B];
      if (New != Old) {
        Old = std::move(New);
        Changed = true;
      }
    }
  }
  for (const CFGBlock *B : Order) {
    if (!Spend(B)) // what was recorded stays sound: those frees are done
      return;
    Transfer(B, /*Record=*/true);
  }
}

/// The definitions in \p Set, unless one cannot be followed.
static std::optional<llvm::SmallVector<const Expr *, 2>>
known(const DefSet *Set) {
  if (!Set || llvm::is_contained(*Set, Unknown))
    return std::nullopt;
  return llvm::SmallVector<const Expr *, 2>(Set->begin(), Set->end());
}

bool ReachingDefs::follow(const DeclRefExpr *Ref) {
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Graph || !V || !V->hasLocalStorage() || Untracked.contains(V))
    return false;
  if (Solved.insert(V).second)
    solve(V);
  return true;
}

std::optional<llvm::SmallVector<const Expr *, 2>>
ReachingDefs::valuesAt(const CallExpr *Free) {
  const auto *Ref =
      Free->getNumArgs() > 0
          ? dyn_cast<DeclRefExpr>(Free->getArg(0)->IgnoreParenImpCasts())
          : nullptr;
  if (!follow(Ref))
    return std::nullopt;
  auto It = AtCall.find(Free);
  return known(It == AtCall.end() ? nullptr : &It->second);
}

std::optional<llvm::SmallVector<const Expr *, 2>>
ReachingDefs::valuesAt(const DeclRefExpr *Use) {
  if (!follow(Use))
    return std::nullopt;
  auto It = AtUse.find(Use);
  return known(It == AtUse.end() ? nullptr : &It->second);
}

} // namespace cescape::escape
