//===- Dangling.cpp - stack addresses that outlive their frame -----------===//
//
// See Dangling.h for the model. The analysis of one function is a forward
// dataflow over its CFG; the state maps cells (an object and a field path)
// to the addresses they may hold, each with where it was stored. Its state
// and transfer functions are in DanglingFlow.cpp; this file runs it to a
// fixed point, reads the evidence at the exit, and makes the summaries and
// the findings.
//
//===----------------------------------------------------------------------===//
#include "Dangling.h"
#include "DanglingFlow.h"
#include "LibcModel.h"
#include "utils/AST.h"
#include "utils/CFGOrder.h"
#include "utils/StmtWalk.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <set>

using namespace clang;

namespace cescape::escape {
namespace dangling {

/// Calls \p Visit on every statement below \p Body with the for and while
/// loops around it (iteratively: expressions nest deeply).
static void forEachInLoops(
    const Stmt *Body,
    llvm::function_ref<void(const Stmt *, llvm::ArrayRef<const Stmt *>)>
        Visit) {
  llvm::SmallVector<const Stmt *, 4> Loops;
  // Each statement with the number of loops around it: the statements
  // visited between its push and its pop are all below its parent.
  llvm::SmallVector<std::pair<const Stmt *, unsigned>, 64> Work{{Body, 0}};
  while (!Work.empty()) {
    auto [S, Depth] = Work.pop_back_val();
    if (!S)
      continue;
    Loops.truncate(Depth);
    Visit(S, Loops);
    if (isa<ForStmt>(S) || isa<WhileStmt>(S))
      Loops.push_back(S);
    for (const Stmt *Child : S->children())
      Work.push_back({Child, unsigned(Loops.size())});
  }
}

/// Whether \p B ends in `return` of a null pointer constant.
static bool returnsNull(const CFGBlock *B, ASTContext &Ctx) {
  for (auto E = B->rbegin(); E != B->rend(); ++E)
    if (auto CS = E->getAs<CFGStmt>()) {
      const auto *R = dyn_cast<ReturnStmt>(CS->getStmt());
      const Expr *V = R ? R->getRetValue() : nullptr;
      return V && V->getType()->isPointerType() && isNullConstant(V, Ctx);
    }
  return false;
}

/// The local pointer that is null on the edge from \p Pred to \p Succ:
/// \p Pred branches on `v`, `!v`, `v == 0` or `v != 0`.
static const VarDecl *nullOnEdge(const CFGBlock *Pred, const CFGBlock *Succ,
                                 ASTContext &Ctx) {
  if (Pred->succ_size() != 2)
    return nullptr;
  const CFGBlock *Then = *Pred->succ_begin();
  const CFGBlock *Else = *(Pred->succ_begin() + 1);
  const auto *Cond = dyn_cast_or_null<Expr>(Pred->getTerminatorCondition());
  if (Then == Else || !Cond)
    return nullptr;
  auto IsNull = [&](const Expr *E) {
    return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull);
  };
  bool NullWhenTrue = false;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(Cond);
      UO && UO->getOpcode() == UO_LNot) {
    NullWhenTrue = true;
    Cond = UO->getSubExpr()->IgnoreParenImpCasts();
  } else if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
             BO && BO->isEqualityOp()) {
    const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
    const Expr *R = BO->getRHS()->IgnoreParenImpCasts();
    Cond = IsNull(R) ? L : IsNull(L) ? R : nullptr;
    NullWhenTrue = BO->getOpcode() == BO_EQ;
  }
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Cond);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->hasLocalStorage() || !VD->getType()->isPointerType())
    return nullptr;
  return (Succ == Then) == NullWhenTrue ? VD : nullptr;
}

std::optional<Ref> FunctionFlow::variable(const VarDecl *VD) const {
  auto Var = ObjectIds.find({ObjKind::Frame, VD->getCanonicalDecl()});
  if (Var == ObjectIds.end())
    return std::nullopt;
  return Ref{Var->second};
}

const Value *FunctionFlow::valueOf(const VarDecl *VD, const State &St) const {
  std::optional<Ref> Var = variable(VD);
  auto Cell = Var ? St.Cells.find(*Var) : St.Cells.end();
  return Cell == St.Cells.end() ? nullptr : &Cell->second;
}

std::optional<unsigned> FunctionFlow::singleBlock(const Value &V) const {
  if (V.size() != 1)
    return std::nullopt;
  const Ref &Block = V.begin()->first;
  if (Block.Depth || kind(Block) != ObjKind::Heap || !Objects[Block.Obj].Single)
    return std::nullopt;
  return Block.Obj;
}

void FunctionFlow::assumeNull(const VarDecl *VD, State &St) const {
  std::optional<Ref> Var = variable(VD);
  auto Cell = Var ? St.Cells.find(*Var) : St.Cells.end();
  if (Cell == St.Cells.end())
    return;
  std::optional<unsigned> Block = singleBlock(Cell->second);
  Cell->second.clear();
  if (!Block)
    return;
  for (auto C = St.Cells.lower_bound(Ref{*Block});
       C != St.Cells.end() && C->first.Obj == *Block;)
    C = St.Cells.erase(C);
}

/// Whether \p B only reads (the test of an `if` on a pointer): its
/// elements assign, declare and call nothing, so the state leaves it as
/// it came in.
static bool onlyReads(const CFGBlock *B, ASTContext &Ctx) {
  for (const CFGElement &E : *B) {
    auto CS = E.getAs<CFGStmt>();
    const auto *Ex = CS ? dyn_cast<Expr>(CS->getStmt()) : nullptr;
    if (!Ex || isa<CallExpr>(Ex) ||
        Ex->HasSideEffects(Ctx, /*IncludePossibleEffects=*/true))
      return false;
  }
  return true;
}

bool FunctionFlow::neverNull(const VarDecl *VD, const State &St) const {
  const Value *Held = valueOf(VD, St);
  return Held && !Held->empty() && llvm::all_of(*Held, [&](const auto &H) {
           return kind(H.first) == ObjKind::Frame;
         });
}

bool FunctionFlow::run() {
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> Cfg = CFG::buildCFG(Fn, Fn->getBody(), &Ctx, Options);
  if (!Cfg)
    return false;
  State Entry;
  Entry.Reached = true;
  for (unsigned I = 0; I < Fn->getNumParams(); ++I) {
    const ParmVarDecl *P = Fn->getParamDecl(I);
    if (P->getType()->isPointerType())
      Entry.Cells[ref(ObjKind::Frame, static_cast<const VarDecl *>(P))] = {
          {ref(ObjKind::ParamMem, reinterpret_cast<const void *>(uintptr_t(I))),
           SourceLocation()}};
  }
  // Loops that join or wait for threads: the CFG has a path through such a
  // loop that runs no iteration, which the program may never take (threads
  // created in one loop, joined in another over the same count). Reaching
  // the loop counts as waiting; a path that returns before it still dangles.
  llvm::SmallPtrSet<const Stmt *, 4> WaitingLoops;
  forEachInLoops(
      Fn->getBody(), [&](const Stmt *S, llvm::ArrayRef<const Stmt *> Loops) {
        const auto *Call = dyn_cast<CallExpr>(S);
        const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
        if (!Callee || Loops.empty())
          return;
        const LibcFunction *L = lookupLibc(Callee);
        if (L ? L->WaitsForThreads
              : hasKnownBody(Callee) &&
                    Callees.effects(Callee->getDefinition()).Waits)
          WaitingLoops.insert(Loops.begin(), Loops.end());
      });
  std::vector<State> Out(Cfg->getNumBlockIDs());
  std::vector<const CFGBlock *> Order = reversePostOrder(*Cfg);
  std::vector<bool> Cyclic = cyclicBlocks(*Cfg);
  // Budgets: past them the function gets no verdict, which is silence.
  // MaxWork bounds the cells carried through blocks in all rounds, so that
  // a function of a thousand blocks (SQLite's sqlite3Pragma) costs no more
  // than compiling it.
  constexpr unsigned MaxRounds = 20;
  constexpr size_t MaxCells = 4096;
  constexpr size_t MaxWork = 1 << 15;
  size_t Work = 0;
  // Blocks whose predecessors changed since they were last visited.
  std::vector<bool> Pending(Cfg->getNumBlockIDs(), true);
  // The join of \p B's predecessors' states; \p NonNull: at the exit,
  // only those that do not return a null pointer.
  auto Join = [&](const CFGBlock *B, bool NonNull) {
    bool IsExit = B == &Cfg->getExit();
    State St;
    if (B == &Cfg->getEntry())
      St = Entry;
    auto NullOn = [&](const CFGBlock *Pred, const CFGBlock *To) {
      return Must ? nullptr : nullOnEdge(Pred, To, Ctx);
    };
    // The state on the edge from \p Pred, where the branch says the local
    // pointer \p Null is null: it holds no address there (`if (p) p =
    // rebase(p);` before the return). If it can only hold a block allocated
    // once, that block does not exist either (`if (!v) return 1;`): what it
    // holds is no evidence. (A summary's facts hold there anyway.)
    auto Edge = [&](const CFGBlock *Pred, const VarDecl *Null,
                    State &Refined) -> const State * {
      const State *P = &Out[Pred->getBlockID()];
      if (!P->Reached || !Null)
        return P;
      Refined = *P;
      assumeNull(Null, Refined);
      return &Refined;
    };
    for (const CFGBlock *Pred : B->preds()) {
      // A block that ends in a noreturn call never reaches the exit.
      if (!Pred || (IsExit && Pred->hasNoReturnElement()) ||
          (NonNull && returnsNull(Pred, Ctx)))
        continue;
      const VarDecl *Null = NullOn(Pred, B);
      State Refined;
      const State *P = &Out[Pred->getBlockID()];
      if (!P->Reached)
        continue;
      // A test that only reads its pointer (`if (copy)`) is null only
      // coming from where the pointer may be null: not from where it holds
      // only frame addresses (a local's, alloca's). GNU make's
      // find_percent_cached rebases `p` exactly where `copy`, an alloca
      // block, is set.
      if (Null && Pred->pred_size() > 1 && onlyReads(Pred, Ctx)) {
        for (const CFGBlock *Before : Pred->preds()) {
          State Step;
          const State *Q =
              Before ? Edge(Before, NullOn(Before, Pred), Step) : nullptr;
          if (!Q || !Q->Reached || neverNull(Null, *Q))
            continue;
          for (const auto &[Cell, Held] : Q->Cells)
            merge(Refined.Cells[Cell], Held);
          Refined.Reached = true;
        }
        if (!Refined.Reached)
          continue; // the edge is never taken
        assumeNull(Null, Refined);
        P = &Refined;
      } else {
        P = Edge(Pred, Null, Refined);
      }
      if (!St.Reached)
        St.Cells = P->Cells;
      else if (Must)
        intersect(St, *P);
      else
        for (const auto &[Cell, Held] : P->Cells)
          merge(St.Cells[Cell], Held);
      St.Reached = true;
    }
    return St;
  };
  for (unsigned Round = 0;; ++Round) {
    if (Round == MaxRounds)
      return false;
    bool Changed = false;
    for (const CFGBlock *B : Order) {
      if (!Pending[B->getBlockID()])
        continue;
      Pending[B->getBlockID()] = false;
      State St = Join(B, /*NonNull=*/false);
      if (B == &Cfg->getExit()) {
        Exit = std::move(St);
        continue;
      }
      InCycle = Cyclic[B->getBlockID()];
      if (St.Reached && WaitingLoops.contains(B->getTerminatorStmt()))
        for (auto &[Cell, Held] : St.Cells)
          if (kind(Cell) == ObjKind::ThreadArg)
            Held.clear();
      if (St.Reached)
        for (const CFGElement &E : *B)
          if (auto CS = E.getAs<CFGStmt>())
            transfer(CS->getStmt(), St);
      Work += 1 + St.Cells.size();
      if (St.Cells.size() > MaxCells || Work > MaxWork)
        return false;
      State &Old = Out[B->getBlockID()];
      if (!(Old == St)) {
        Old = std::move(St);
        Changed = true;
        for (const CFGBlock *Succ : B->succs())
          if (Succ)
            Pending[Succ->getBlockID()] = true;
      }
    }
    if (!Changed) {
      if (Must && Fn->getReturnType()->isPointerType())
        ExitNonNull = Join(&Cfg->getExit(), /*NonNull=*/true);
      return true;
    }
  }
}

void FunctionFlow::evidence(
    ObjKind Of,
    llvm::function_ref<void(const Ref &, const Ref &, const Evidence &)> Visit)
    const {
  // Roots in the order their reason is preferred; heap blocks reached from
  // a root join after it.
  const ObjKind Order[] = {ObjKind::Result, ObjKind::ParamMem,
                           ObjKind::Global, ObjKind::Outside,
                           ObjKind::Kept,   ObjKind::ThreadArg};
  std::set<unsigned> Visited;
  for (ObjKind Root : Order) {
    std::vector<std::pair<Ref, Evidence>> Work;
    for (const auto &[Cell, Held] : Exit.Cells)
      if (kind(Cell) == Root)
        Work.push_back(
            {Cell,
             {0, Root,
              Root == ObjKind::Kept || Root == ObjKind::ThreadArg
                  ? static_cast<const CallExpr *>(Objects[Cell.Obj].Key)
                  : nullptr,
              SourceLocation()}});
    while (!Work.empty()) {
      auto [Cell, From] = Work.back();
      Work.pop_back();
      auto It = Exit.Cells.find(Cell);
      if (It == Exit.Cells.end())
        continue;
      for (const auto &[R, Where] : It->second) {
        ObjKind K = kind(R);
        if (K == Of) {
          Evidence E = From;
          E.Obj = R.Obj;
          E.Where = Where;
          Visit(R, Cell, E);
        } else if (K == ObjKind::Heap && Visited.insert(R.Obj).second) {
          Evidence Next = From;
          Next.Holder = ObjKind::Heap;
          for (auto C = Exit.Cells.lower_bound(Ref{R.Obj});
               C != Exit.Cells.end() && C->first.Obj == R.Obj; ++C)
            Work.push_back({C->first, Next});
        }
      }
    }
  }
}

std::vector<DanglingCheck::Summary::ResultStore>
FunctionFlow::resultStores() const {
  std::vector<DanglingCheck::Summary::ResultStore> Out;
  auto Result = ObjectIds.find({ObjKind::Result, nullptr});
  if (!ExitNonNull.Reached || MixedResult || Result == ObjectIds.end())
    return Out;
  // The result is exactly one fresh block, allocated once per call.
  auto It = ExitNonNull.Cells.find(Ref{Result->second});
  std::optional<unsigned> Block =
      It == ExitNonNull.Cells.end() ? std::nullopt : singleBlock(It->second);
  if (!Block)
    return Out;
  for (auto C = ExitNonNull.Cells.lower_bound(Ref{*Block});
       C != ExitNonNull.Cells.end() && C->first.Obj == *Block; ++C)
    for (const auto &[Held, Where] : C->second)
      if (kind(Held) == ObjKind::ParamMem && !Held.Depth) {
        Ref Path = C->first;
        Path.Obj = 0;
        Out.push_back({Path, unsigned(reinterpret_cast<uintptr_t>(
                                 Objects[Held.Obj].Key))});
      }
  return Out;
}

} // namespace dangling

using dangling::FunctionFlow;
using dangling::Object;
using dangling::ObjKind;
using dangling::Ref;

namespace {

/// The expression whose address \p S takes: `&e`, or an array `e` that
/// decays to a pointer.
const Expr *addressOperand(const Stmt *S) {
  if (const auto *UO = dyn_cast<UnaryOperator>(S);
      UO && UO->getOpcode() == UO_AddrOf)
    return UO->getSubExpr();
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(S);
      Cast && Cast->getCastKind() == CK_ArrayToPointerDecay)
    return Cast->getSubExpr();
  return nullptr;
}

/// Whether \p Fn takes the address of its own frame at all: most functions
/// do not, and need no dataflow.
bool takesFrameAddress(const FunctionDecl *Fn) {
  return !forEachBodyStmt(Fn->getBody(), [](const Stmt *S) {
    if (isa<CompoundLiteralExpr>(S))
      return false;
    const Expr *Sub = addressOperand(S);
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      const LibcFunction *L = Callee ? lookupLibc(Callee) : nullptr;
      return !(L && L->Kind == LibcKind::Alloca);
    }
    while (Sub) {
      Sub = Sub->IgnoreParenImpCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Sub)) {
        const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        return !(VD && VD->hasLocalStorage());
      }
      if (const auto *ME = dyn_cast<MemberExpr>(Sub); ME && !ME->isArrow())
        Sub = ME->getBase();
      else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(Sub))
        Sub = AS->getBase();
      else
        break;
    }
    return true;
  });
}

/// What a warning says happened to the address.
const char *whyStored(Reason Why) {
  return Why == Reason::Thread ? "is handed to a thread that is not joined "
                                 "before the function returns"
                               : escapeExplanation(Why);
}

Reason reasonOf(ObjKind Holder) {
  switch (Holder) {
  case ObjKind::Result:
    return Reason::Return;
  case ObjKind::Global:
    return Reason::Global;
  case ObjKind::ParamMem:
    return Reason::Param;
  case ObjKind::Kept:
    return Reason::Call;
  case ObjKind::ThreadArg:
    return Reason::Thread;
  default:
    return Reason::Heap;
  }
}

} // namespace

DanglingCheck::DanglingCheck(ASTContext &Ctx, const Options &Opts,
                             const SummaryMap &Escapes)
    : Ctx(Ctx), Opts(Opts), Escapes(Escapes) {}
DanglingCheck::~DanglingCheck() = default;

namespace {

/// Local pointers that only ever hold the function's own fresh blocks (or
/// alloca's): a write through one stays in memory the caller cannot see.
llvm::SmallPtrSet<const VarDecl *, 8>
freshBlockPointers(const FunctionDecl *Fn, const ASTContext &Ctx) {
  llvm::SmallPtrSet<const VarDecl *, 8> Fresh, Other;
  auto Allocates = [](const Expr *E) {
    const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenCasts());
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    const LibcFunction *L = Callee ? lookupLibc(Callee) : nullptr;
    return L && L->makesStorage();
  };
  auto Note = [&](const VarDecl *V, bool IsFresh) {
    if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V))
      return;
    (IsFresh ? Fresh : Other).insert(V);
  };
  forEachBodyStmt(Fn->getBody(), [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit())
          Note(V, Allocates(V->getInit()));
    } else if (const auto *BO = dyn_cast<BinaryOperator>(S);
               BO && BO->isAssignmentOp()) {
      if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens()))
        Note(dyn_cast<VarDecl>(DRE->getDecl()),
             BO->getOpcode() == BO_Assign && Allocates(BO->getRHS()));
    }
    return true;
  });
  // Code that reaches one without naming it (its address, asm, a cleanup)
  // may set it to anything.
  for (const VarDecl *V : aliasedVariables(Fn->getBody(), Ctx))
    Other.insert(V);
  for (const VarDecl *V : Other)
    Fresh.erase(V);
  return Fresh;
}

/// Whether \p E names memory of the frame or of \p Fresh blocks.
bool ownMemory(const Expr *E,
               const llvm::SmallPtrSetImpl<const VarDecl *> &Fresh) {
  auto FreshPointer = [&](const Expr *P) {
    const auto *DRE = dyn_cast<DeclRefExpr>(P->IgnoreParenImpCasts());
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    return V && Fresh.contains(V);
  };
  for (;;) {
    E = E->IgnoreParens();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
      return V && V->hasLocalStorage();
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return FreshPointer(ME->getBase());
      E = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      const Expr *Base = AS->getBase()->IgnoreParenImpCasts();
      if (!Base->getType()->isArrayType())
        return FreshPointer(Base);
      E = Base;
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E);
               UO && UO->getOpcode() == UO_Deref) {
      return FreshPointer(UO->getSubExpr());
    } else {
      return false;
    }
  }
}

/// Whether the pointer argument \p Arg points into memory of the frame or
/// of \p Fresh blocks.
bool pointsToOwnMemory(const Expr *Arg,
                       const llvm::SmallPtrSetImpl<const VarDecl *> &Fresh) {
  const Expr *E = Arg->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    return ownMemory(UO->getSubExpr(), Fresh);
  if (E->getType()->isArrayType())
    return ownMemory(E, Fresh);
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return V && Fresh.contains(V);
}

} // namespace

DanglingCheck::Effects DanglingCheck::effects(const FunctionDecl *Fn) {
  // While it is being read, a recursive call may write anywhere.
  auto [It, New] = EffectsOf.try_emplace(Fn, Effects{true, false});
  if (!New)
    return It->second;
  Effects E;
  llvm::SmallPtrSet<const VarDecl *, 8> Fresh = freshBlockPointers(Fn, Ctx);
  forEachBodyStmt(Fn->getBody(), [&](const Stmt *S) {
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->getOpcode() == BO_Assign &&
          dangling::mayHoldAddress(BO->getRHS()->getType(), Ctx) &&
          !ownMemory(BO->getLHS(), Fresh))
        E.WritesOutside = true;
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (const LibcFunction *L = Callee ? lookupLibc(Callee) : nullptr) {
        E.Waits |= L->WaitsForThreads;
        for (int Dst : {L->CopyDst, L->StoreDst})
          if (Dst != NoArg && (unsigned(Dst) >= Call->getNumArgs() ||
                               !pointsToOwnMemory(Call->getArg(Dst), Fresh)))
            E.WritesOutside = true;
      } else if (Callee && hasKnownBody(Callee)) {
        Effects Of = effects(Callee->getDefinition());
        E.WritesOutside |= Of.WritesOutside;
        E.Waits |= Of.Waits;
      } else {
        E.WritesOutside = true;
      }
    }
    return !(E.WritesOutside && E.Waits);
  });
  EffectsOf[Fn] = E;
  return E;
}

/// Whether \p E names memory inside the block local pointer \p V points to
/// (`v->f`, `*v`, `v[i]`, and their fields and elements).
static bool insideBlockOf(const Expr *E, const VarDecl *V) {
  auto IsV = [&](const Expr *P) {
    const auto *DRE = dyn_cast<DeclRefExpr>(P->IgnoreParenCasts());
    return DRE && DRE->getDecl() == V;
  };
  for (;;) {
    E = E->IgnoreParens();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return IsV(ME->getBase());
      E = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      if (IsV(AS->getBase()))
        return true;
      E = AS->getBase()->IgnoreParenImpCasts();
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E);
               UO && UO->getOpcode() == UO_Deref) {
      return IsV(UO->getSubExpr());
    } else {
      return false;
    }
  }
}

/// Whether \p Fn uses local pointer \p V only to return it, test it, and
/// read or write the block it points to: neither its value nor an address
/// inside the block goes anywhere else, so only the caller reaches the
/// block it returns.
static bool onlyReturned(const FunctionDecl *Fn, const VarDecl *V) {
  // Whether the use \p D of V under \p Parent (parentheses and casts
  // looked through) lets nothing else reach the block.
  auto Harmless = [&](const Expr *D, const Stmt *Parent) {
    auto Is = [&](const Expr *E) { return E && E->IgnoreParenCasts() == D; };
    if (!Parent)
      return false;
    if (isa<ReturnStmt>(Parent) || isa<MemberExpr>(Parent) ||
        isa<ArraySubscriptExpr>(Parent))
      return true;
    if (const auto *UO = dyn_cast<UnaryOperator>(Parent))
      return UO->getOpcode() == UO_LNot || UO->getOpcode() == UO_Deref;
    if (const auto *BO = dyn_cast<BinaryOperator>(Parent))
      return BO->isEqualityOp() || BO->isLogicalOp() ||
             (BO->getOpcode() == BO_Assign && Is(BO->getLHS()));
    if (const auto *If = dyn_cast<IfStmt>(Parent))
      return Is(If->getCond());
    if (const auto *CO = dyn_cast<ConditionalOperator>(Parent))
      return Is(CO->getCond());
    const auto *Call = dyn_cast<CallExpr>(Parent);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    const LibcFunction *L = Callee ? lookupLibc(Callee) : nullptr;
    if (!L || L->Kind != LibcKind::Plain || L->Retains || L->Threads ||
        L->Callback != NoArg)
      return false;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (Is(Call->getArg(I)) &&
          (int(I) == L->ResultAlias || int(I) == L->ResultAlias2 ||
           int(I) == L->StoreSrc))
        return false;
    return true;
  };
  // Each statement with its parent, parentheses and casts looked through.
  llvm::SmallVector<std::pair<const Stmt *, const Stmt *>, 64> Work{
      {Fn->getBody(), nullptr}};
  while (!Work.empty()) {
    auto [S, Parent] = Work.pop_back_val();
    if (!S || isa<UnaryExprOrTypeTraitExpr>(S)) // sizeof: not evaluated
      continue;
    // An address inside the block (`&v->f`, `v->array`) may go anywhere.
    const Expr *Address = addressOperand(S);
    if (Address && insideBlockOf(Address, V))
      return false;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S);
        DRE && DRE->getDecl() == V && !Harmless(DRE, Parent))
      return false;
    const Stmt *Up = isa<ParenExpr>(S) || isa<CastExpr>(S) ? Parent : S;
    for (const Stmt *Child : S->children())
      Work.push_back({Child, Up});
  }
  return true;
}

bool DanglingCheck::returnsFreshBlock(const FunctionDecl *Fn) {
  // While it is being read, a recursive call returns none.
  auto [It, New] = FreshResult.try_emplace(Fn, false);
  if (!New)
    return It->second;
  llvm::SmallPtrSet<const VarDecl *, 4> Returned;
  forEachBodyStmt(Fn->getBody(), [&](const Stmt *S) {
    if (const auto *R = dyn_cast<ReturnStmt>(S))
      if (const Expr *E = R->getRetValue())
        if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()))
          if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
              V && V->hasLocalStorage() && !isa<ParmVarDecl>(V))
            Returned.insert(V);
    return true;
  });
  // Its block must reach nothing but the caller.
  for (const VarDecl *V :
       llvm::SmallVector<const VarDecl *, 4>(Returned.begin(), Returned.end()))
    if (!onlyReturned(Fn, V))
      Returned.erase(V);
  auto Fresh = [&](const Expr *E) {
    const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenCasts());
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee)
      return false;
    if (const LibcFunction *L = lookupLibc(Callee))
      return L->Kind == LibcKind::Allocate;
    return hasKnownBody(Callee) && returnsFreshBlock(Callee->getDefinition());
  };
  auto SetsFresh = [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      return llvm::any_of(DS->decls(), [&](const Decl *D) {
        const auto *VD = dyn_cast<VarDecl>(D);
        return VD && VD->getInit() && Returned.contains(VD) &&
               Fresh(VD->getInit());
      });
    const auto *BO = dyn_cast<BinaryOperator>(S);
    const auto *DRE = BO && BO->getOpcode() == BO_Assign
                          ? dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens())
                          : nullptr;
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    return V && Returned.contains(V) && Fresh(BO->getRHS());
  };
  bool Found = !Returned.empty() &&
               !forEachBodyStmt(Fn->getBody(),
                                [&](const Stmt *S) { return !SetsFresh(S); });
  FreshResult[Fn] = Found;
  return Found;
}

bool DanglingCheck::mayReturnBlockHolding(const FunctionDecl *Fn, unsigned I) {
  // The escape graph sees the parameter reach the heap.
  auto It = Escapes.find(Fn);
  return It != Escapes.end() && I < It->second.Params.size() &&
         It->second.Params[I].Heap == 0 &&
         Fn->getReturnType()->isPointerType() && returnsFreshBlock(Fn);
}

bool DanglingCheck::mayKeepParameter(const FunctionDecl *Fn, unsigned I) {
  auto It = Escapes.find(Fn);
  if (It == Escapes.end())
    return I < Fn->getNumParams();
  const std::vector<ParamLeaks> &Params = It->second.Params;
  if (I >= Params.size())
    return false;
  const ParamLeaks &P = Params[I];
  if (P.Kept == 0 || P.Thread == 0 || P.Result == 0 ||
      mayReturnBlockHolding(Fn, I))
    return true;
  // Stored into its own memory: dies with it (see summary()).
  for (unsigned J = 0; J < P.Pointee.size(); ++J)
    if (J != I && P.Pointee[J] == 0)
      return true;
  return false;
}

const DanglingCheck::Summary *DanglingCheck::summary(const FunctionDecl *Fn,
                                                     unsigned Depth) {
  auto [It, New] = Summaries.try_emplace({Fn, Depth});
  if (!New)
    return It->second.get();
  auto S = std::make_unique<Summary>();
  unsigned N = Fn->getNumParams();
  S->Kept.resize(N);
  S->Returned.resize(N);
  bool MayKeep = false;
  for (unsigned I = 0; I < N; ++I)
    MayKeep |= mayKeepParameter(Fn, I);
  if (MayKeep) {
    FunctionFlow Flow(Fn, Ctx, *this, true, Depth);
    if (!Flow.run())
      return nullptr;
    auto Index = [&](unsigned Obj) {
      return unsigned(reinterpret_cast<uintptr_t>(Flow.Objects[Obj].Key));
    };
    std::set<std::tuple<unsigned, Ref, unsigned>> Stores;
    Flow.evidence(ObjKind::ParamMem, [&](const Ref &Found, const Ref &Cell,
                                         const FunctionFlow::Evidence &E) {
      unsigned Src = Index(Found.Obj);
      if (E.Holder == ObjKind::Result) {
        S->Returned.set(Src);
      } else if (E.Holder == ObjKind::ParamMem) {
        // Pointers into a parameter's own memory die with it (an
        // iterator's key in its own buffer).
        unsigned Dst = Index(Cell.Obj);
        if (Dst != Src) {
          Ref Path = Cell;
          Path.Obj = 0;
          Stores.insert({Dst, Path, Src});
        }
      } else if (E.Holder != ObjKind::Heap) {
        S->Kept.set(Src);
      }
    });
    for (const auto &[Dst, Path, Src] : Stores)
      S->Stores.push_back({Dst, Path, Src});
    if (Fn->getReturnType()->isPointerType() && returnsFreshBlock(Fn))
      S->ResultStores = Flow.resultStores();
  }
  It = Summaries.find({Fn, Depth});
  It->second = std::move(S);
  return It->second.get();
}

bool DanglingCheck::handsToResultBlock(const FunctionDecl *Fn) {
  static const llvm::SmallPtrSet<const VarDecl *, 1> NoFresh;
  return !forEachBodyStmt(Fn->getBody(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee || !hasKnownBody(Callee) || lookupLibc(Callee))
      return true;
    const FunctionDecl *Def = Callee->getDefinition();
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      if (!pointsToOwnMemory(Call->getArg(I), NoFresh) ||
          !mayReturnBlockHolding(Def, I))
        continue;
      const Summary *Sum = summary(Def, MaxSummaryDepth - 1);
      if (Sum &&
          llvm::any_of(Sum->ResultStores, [&](const Summary::ResultStore &RS) {
            return RS.Src == I;
          }))
        return false;
    }
    return true;
  });
}

/// Whether the escape graph (sound: any doubt escapes) lets one of \p Fn's
/// frame objects reach memory where this check can find evidence: a
/// certain escape (returned, stored in a global or through a parameter,
/// kept by a callee), a thread, an integer, the C library keeping it
/// (reason `extern`, like code we cannot see), or a visible callee that
/// returns a fresh block holding it (reason `call`, an uncertain escape;
/// \p HandsToResultBlock looks for that call).
static bool frameMayOutlive(const FunctionDecl *Fn, const Graph &G,
                            llvm::function_ref<bool()> HandsToResultBlock) {
  const FunctionInfo *F = G.InfoByDecl.lookup(Fn);
  if (!F)
    return true;
  bool Extern = false, Call = false;
  for (const Location *L : F->Locals) {
    if (!L->Escapes)
      continue;
    if (L->EscapeCertain || L->Why == Reason::Thread ||
        L->Why == Reason::Integer)
      return true;
    Extern |= L->Why == Reason::Extern;
    Call |= L->Why == Reason::Call;
  }
  if (Call && HandsToResultBlock())
    return true;
  return Extern && !forEachBodyStmt(Fn->getBody(), [](const Stmt *S) {
           const auto *Call = dyn_cast<CallExpr>(S);
           const FunctionDecl *Callee =
               Call ? Call->getDirectCallee() : nullptr;
           const LibcFunction *L = Callee ? lookupLibc(Callee) : nullptr;
           return !(L && L->Retains && !L->RetainsForResume);
         });
}

void DanglingCheck::check(const FunctionDecl *Fn, const Graph &G,
                          std::vector<Finding> &Out) {
  // main's frame lasts as long as the program.
  if (Fn->isMain() || !takesFrameAddress(Fn) ||
      !frameMayOutlive(Fn, G, [&] { return handsToResultBlock(Fn); }))
    return;
  FunctionFlow Flow(Fn, Ctx, *this, false, MaxSummaryDepth);
  if (!Flow.run())
    return;
  std::set<unsigned> Reported;
  Flow.evidence(ObjKind::Frame, [&](const Ref &Found, const Ref &,
                                    const FunctionFlow::Evidence &E) {
    if (!Reported.insert(Found.Obj).second)
      return;
    const Object &Obj = Flow.Objects[Found.Obj];
    Reason Why = reasonOf(E.Holder);
    std::string Explanation = whyStored(Why), How;
    if (E.By) {
      std::string Callee = E.By->getDirectCallee()
                               ? E.By->getDirectCallee()->getName().str() + "()"
                               : std::string("the callee");
      if (Why == Reason::Call)
        Explanation = "is kept by " + Callee + " after the call returns";
      How = (Why == Reason::Call ? "kept by " : "handed to a thread by ") +
            Callee;
    } else {
      How = Why == Reason::Return ? "returned" : Explanation.substr(3);
    }
    const Location *L = nullptr;
    SourceLocation At;
    std::string What, Subject;
    if (const VarDecl *VD = Obj.Var) {
      At = VD->getLocation();
      Subject = VD->getName().str();
      What = std::string(isa<ParmVarDecl>(VD) ? "parameter '"
                                              : "local variable '") +
             Subject + "'";
      L = G.Vars.lookup(VD);
    } else {
      const auto *E = static_cast<const Expr *>(Obj.Key);
      At = E->getBeginLoc();
      Subject = What = spelling(E, Ctx);
      L = G.FrameObjects.lookup(E);
    }
    Finding F{Rule::Dangling,
              At,
              "address of " + What + " escapes its frame (" + reasonWord(Why) +
                  "): it " + Explanation,
              {Fn->getName().str(), Subject, reasonWord(Why), -1}};
    F.Notes.push_back(
        {E.Where, "the address escapes here (" + How + ")", true});
    // Go's -m=2 steps, when the escape graph saw the same escape.
    if (L && L->Escapes && L->Why == Why)
      addFlowNotes(*L, F, Ctx.getSourceManager(), Opts);
    Out.push_back(std::move(F));
  });
}

} // namespace cescape::escape
