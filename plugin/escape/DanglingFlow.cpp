//===- DanglingFlow.cpp - the dataflow of the dangling check -------------===//
//
// The transfer functions of the dangling check's dataflow (DanglingFlow.h):
// what a statement does to the cells of one function's state.
//
//===----------------------------------------------------------------------===//
#include "DanglingFlow.h"
#include "LibcModel.h"
#include "utils/AST.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <set>

using namespace clang;

namespace cescape::escape::dangling {

/// Memory the caller can reach after the return: a frame address stored
/// there is evidence, and code we cannot see may rewrite it.
static bool outlivesFrame(ObjKind K) {
  return K == ObjKind::ParamMem || K == ObjKind::Global ||
         K == ObjKind::Outside;
}

void merge(Value &Into, const Value &From) {
  for (const auto &[R, Where] : From)
    Into.emplace(R, Where);
}

static Value storedAt(const Value &V, SourceLocation Where) {
  Value Out;
  for (const auto &[R, Old] : V)
    Out.emplace(R, Where.isValid() ? Where : Old);
  return Out;
}

bool mayHoldAddress(QualType T, const ASTContext &Ctx) {
  T = T.getCanonicalType();
  if (T->isPointerType() || T->isRecordType() || T->isArrayType())
    return true;
  return T->isIntegerType() && !T->isBooleanType() &&
         Ctx.getTypeSize(T) >= Ctx.getTypeSize(Ctx.VoidPtrTy);
}

/// Evidence is a frame address (or, in a summary, a parameter's).
static void dropEvidence(Value &V, const std::vector<Object> &Objects) {
  for (auto It = V.begin(); It != V.end();) {
    ObjKind K = Objects[It->first.Obj].Kind;
    It = K == ObjKind::Frame || K == ObjKind::ParamMem ? V.erase(It)
                                                       : std::next(It);
  }
}

Value FunctionFlow::get(const Ref &Cell, const State &St) const {
  auto It = St.Cells.find(Cell);
  if (It != St.Cells.end())
    return It->second;
  switch (kind(Cell)) {
  case ObjKind::ParamMem:
  case ObjKind::Global:
  case ObjKind::Outside:
    return {{Ref{OutsideObj}, SourceLocation()}};
  case ObjKind::Unknown:
    return {{Ref{UnknownObj}, SourceLocation()}};
  default:
    return {};
  }
}

Value FunctionFlow::load(const Place &P, const State &St) const {
  Value V;
  for (const Ref &C : P.Cells)
    merge(V, get(C, St));
  if (P.Unknown)
    V.emplace(Ref{UnknownObj}, SourceLocation());
  return V;
}

Value FunctionFlow::addresses(const Place &P, SourceLocation Where) const {
  Value V;
  for (const Ref &C : P.Cells)
    V.emplace(C, Where);
  if (P.Unknown)
    V.emplace(Ref{UnknownObj}, Where);
  return V;
}

Place FunctionFlow::pointsTo(const Value &V) const {
  Place P;
  P.ViaPointer = true;
  for (const auto &[R, Where] : V) {
    if (kind(R) == ObjKind::Unknown)
      P.Unknown = true;
    else
      P.Cells.push_back(R);
  }
  // Nothing known (an integer, an uninitialised pointer): memory we cannot
  // name.
  if (P.Cells.empty())
    P.Unknown = true;
  P.Exact = P.Cells.size() == 1 && !P.Unknown;
  return P;
}

/// Whether \p E names (part of) a member of a union, through `.` only.
static bool insideUnion(const Expr *E) {
  for (;;) {
    E = E->IgnoreParens();
    if (E->getType()->isUnionType())
      return true;
    const auto *ME = dyn_cast<MemberExpr>(E);
    if (!ME || ME->isArrow())
      return false;
    E = ME->getBase();
  }
}

Place FunctionFlow::place(const Expr *E, const State &St) {
  E = E->IgnoreParens();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return Place{{}, false, false, true};
    return Place{
        {ref(VD->hasLocalStorage() ? ObjKind::Frame : ObjKind::Global, VD)}};
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    Place P = ME->isArrow() ? pointsTo(rvalue(ME->getBase(), St))
                            : place(ME->getBase(), St);
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    // Members of a union share its cell, and so do their own fields.
    if (!FD || FD->getParent()->isUnion() ||
        (!ME->isArrow() && insideUnion(ME->getBase())))
      return P;
    for (Ref &C : P.Cells) {
      if (C.Depth == MaxFields) {
        P.Exact = false;
        continue;
      }
      C.Fields[C.Depth++] = FD;
    }
    if (P.Unknown)
      P.UnknownField = FD;
    return P;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref)
      return pointsTo(rvalue(UO->getSubExpr(), St));
    if (UO->getOpcode() == UO_Extension)
      return place(UO->getSubExpr(), St);
  }
  // Elements of an array share its cell.
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    Place P = pointsTo(rvalue(AS->getBase(), St));
    P.Exact = false;
    return P;
  }
  if (const auto *CL = dyn_cast<CompoundLiteralExpr>(E))
    return Place{{ref(CL->isFileScope() ? ObjKind::Global : ObjKind::Frame,
                      static_cast<const void *>(CL))}};
  if (const auto *Cast = dyn_cast<CastExpr>(E))
    if (Cast->getCastKind() == CK_NoOp ||
        Cast->getCastKind() == CK_LValueBitCast)
      return place(Cast->getSubExpr(), St);
  if (const auto *OV = dyn_cast<OpaqueValueExpr>(E))
    if (OV->getSourceExpr())
      return place(OV->getSourceExpr(), St);
  return Place{{}, false, false, true};
}

Value FunctionFlow::rvalue(const Expr *E, const State &St) {
  E = E->IgnoreParens();
  if (const auto *Cast = dyn_cast<CastExpr>(E)) {
    const Expr *Sub = Cast->getSubExpr();
    switch (Cast->getCastKind()) {
    case CK_LValueToRValue:
      return load(place(Sub, St), St);
    case CK_ArrayToPointerDecay:
      return addresses(place(Sub, St), E->getExprLoc());
    case CK_FunctionToPointerDecay:
    case CK_NullToPointer:
    case CK_BuiltinFnToFnPtr:
      return {};
    default:
      // Only a conversion that keeps every bit of the address carries it.
      return mayHoldAddress(E->getType(), Ctx) ? rvalue(Sub, St) : Value();
    }
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    switch (UO->getOpcode()) {
    case UO_AddrOf:
      return addresses(place(UO->getSubExpr(), St), E->getExprLoc());
    case UO_PreInc:
    case UO_PreDec:
    case UO_PostInc:
    case UO_PostDec:
    case UO_Extension:
      return rvalue(UO->getSubExpr(), St);
    default:
      return {};
    }
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    switch (BO->getOpcode()) {
    case BO_Assign:
    case BO_Comma:
      return rvalue(BO->getRHS(), St);
    case BO_Add:
    case BO_Sub: {
      // A difference of two pointers is a distance, not an address.
      if (BO->getLHS()->getType()->isPointerType() &&
          BO->getRHS()->getType()->isPointerType())
        return {};
      if (!mayHoldAddress(E->getType(), Ctx))
        return {};
      Value V = rvalue(BO->getLHS(), St);
      merge(V, rvalue(BO->getRHS(), St));
      return V;
    }
    case BO_AddAssign:
    case BO_SubAssign:
      return load(place(BO->getLHS(), St), St);
    default:
      return {};
    }
  }
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
    Value V = rvalue(CO->getTrueExpr(), St);
    merge(V, rvalue(CO->getFalseExpr(), St));
    return V;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return CallValues.lookup(Call);
  if (const auto *SE = dyn_cast<StmtExpr>(E)) {
    const CompoundStmt *Body = SE->getSubStmt();
    if (!Body->body_empty())
      if (const auto *Last = dyn_cast<Expr>(Body->body_back()))
        return rvalue(Last, St);
    return {};
  }
  if (const auto *CE = dyn_cast<ChooseExpr>(E))
    return rvalue(CE->getChosenSubExpr(), St);
  if (const auto *OV = dyn_cast<OpaqueValueExpr>(E))
    return OV->getSourceExpr() ? rvalue(OV->getSourceExpr(), St) : Value();
  return {};
}

void FunctionFlow::store(const Place &Dst, const Value &V, bool PointerWrite,
                         SourceLocation Where, State &St) {
  bool Outside = Dst.Unknown;
  for (const Ref &C : Dst.Cells)
    Outside |= outlivesFrame(kind(C));
  // A pointer write through a pointer may hit any cell of that field in
  // memory that outlives the frame: what such cells held is no longer
  // evidence.
  if (PointerWrite && Dst.ViaPointer && Outside) {
    llvm::SmallPtrSet<const FieldDecl *, 4> Fields;
    for (const Ref &C : Dst.Cells)
      Fields.insert(C.last());
    if (Dst.Unknown)
      Fields.insert(Dst.UnknownField);
    for (auto &[Cell, Held] : St.Cells)
      if (outlivesFrame(kind(Cell)) && Fields.count(Cell.last()))
        dropEvidence(Held, Objects);
  }
  Value Stored = storedAt(V, Where);
  if (Dst.Exact && Dst.Cells.size() == 1 && strongCell(Dst.Cells.front())) {
    St.Cells[Dst.Cells.front()] = std::move(Stored);
    return;
  }
  for (const Ref &C : Dst.Cells)
    merge(St.Cells[C], Stored);
}

void FunctionFlow::copyCells(const Place &Dst, const Place &Src,
                             SourceLocation Where, State &St) {
  std::vector<std::pair<Ref, Value>> Copies;
  for (const Ref &S : Src.Cells)
    for (const auto &[Cell, Held] : St.Cells)
      if (Cell.hasPrefix(S))
        for (Ref D : Dst.Cells) {
          bool Fits = D.append(Cell, S.Depth);
          (void)Fits; // a truncated path stands for its longer ones
          Copies.emplace_back(D, Held);
        }
  bool Strong =
      Dst.Exact && Dst.Cells.size() == 1 && strongCell(Dst.Cells.front());
  if (Strong)
    for (auto It = St.Cells.begin(); It != St.Cells.end();)
      It = It->first.hasPrefix(Dst.Cells.front()) ? St.Cells.erase(It)
                                                  : std::next(It);
  Value Whole;
  for (auto &[Cell, Held] : Copies)
    merge(Whole, Held);
  // The cells' own writes forget what the aliases held, once.
  store(Dst, {}, !Whole.empty(), Where, St);
  for (auto &[Cell, Held] : Copies)
    merge(St.Cells[Cell], storedAt(Held, Where));
}

void FunctionFlow::assign(const Place &Dst, const Expr *Src,
                          SourceLocation Where, State &St) {
  Src = Src->IgnoreParens();
  if (const auto *Init = dyn_cast<InitListExpr>(Src)) {
    if (Init->getType()->isArrayType()) {
      Place Elements = Dst;
      Elements.Exact = false;
      for (const Expr *E : Init->inits())
        assign(Elements, E, Where, St);
      return;
    }
    const RecordDecl *RD = Init->getType()->getAsRecordDecl();
    if (!RD || RD->isUnion()) {
      if (Init->getNumInits() == 1)
        assign(Dst, Init->getInit(0), Where, St);
      return;
    }
    unsigned I = 0;
    for (const FieldDecl *FD : RD->fields()) {
      if (I == Init->getNumInits())
        break;
      Place Field = Dst;
      for (Ref &C : Field.Cells) {
        if (C.Depth == MaxFields)
          Field.Exact = false;
        else
          C.Fields[C.Depth++] = FD;
      }
      assign(Field, Init->getInit(I++), Where, St);
    }
    return;
  }
  if (Src->getType()->isRecordType()) {
    const Expr *From = Src;
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(From);
        Cast && Cast->getCastKind() == CK_LValueToRValue)
      From = Cast->getSubExpr();
    copyCells(Dst, place(From, St), Where, St);
    return;
  }
  store(Dst, rvalue(Src, St), mayHoldAddress(Src->getType(), Ctx), Where, St);
}

void FunctionFlow::declare(const VarDecl *VD, State &St) {
  if (!VD->hasLocalStorage())
    return;
  Ref Var = ref(ObjKind::Frame, VD);
  // A new lifetime (a loop's next iteration) starts empty.
  for (auto It = St.Cells.begin(); It != St.Cells.end();)
    It = It->first.hasPrefix(Var) ? St.Cells.erase(It) : std::next(It);
  if (const Expr *Init = VD->getInit())
    assign(Place{{Var}}, Init, Init->getExprLoc(), St);
}

/// Objects whose memory code handed \p Args can reach.
bool FunctionFlow::keptByLibrary(const Ref &Cell) const {
  const auto *Call = static_cast<const CallExpr *>(Objects[Cell.Obj].Key);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && lookupLibc(Callee);
}

void FunctionFlow::forgetReachable(const std::vector<Value> &Args,
                                   bool Anything, bool Visible, State &St) {
  std::set<unsigned> Reach;
  std::vector<unsigned> Work;
  for (const Value &A : Args)
    for (const auto &[R, Where] : A)
      if (Reach.insert(R.Obj).second)
        Work.push_back(R.Obj);
  while (!Work.empty()) {
    unsigned Obj = Work.back();
    Work.pop_back();
    for (auto It = St.Cells.lower_bound(Ref{Obj});
         It != St.Cells.end() && It->first.Obj == Obj; ++It)
      for (const auto &[R, Where] : It->second)
        if (Reach.insert(R.Obj).second)
          Work.push_back(R.Obj);
  }
  for (auto &[Cell, Held] : St.Cells) {
    ObjKind K = kind(Cell);
    // What an earlier visible callee kept, it kept in memory that outlives
    // the call, where a visible callee that writes pointers outside its
    // frame may restore the old value (GNU make's install_conditionals /
    // restore_conditionals). Code we cannot see is not taken to undo it
    // (dangling-callee.c, keeps_then_logs); the C library keeps its
    // arguments in state of its own.
    if (Reach.count(Cell.Obj) || (Anything && outlivesFrame(K)) ||
        (Anything && Visible && K == ObjKind::Kept && !keptByLibrary(Cell)))
      dropEvidence(Held, Objects);

    // Handed back to code: it may unlink what a callee kept, or have
    // waited for the thread that was given it.
    if (K == ObjKind::Kept || K == ObjKind::ThreadArg)
      for (auto It = Held.begin(); It != Held.end();)
        It = Reach.count(It->first.Obj) ? Held.erase(It) : std::next(It);
  }
}

void FunctionFlow::call(const CallExpr *Call, State &St) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  std::vector<Value> Args;
  for (const Expr *Arg : Call->arguments())
    Args.push_back(rvalue(Arg, St));
  auto Arg = [&](int I) -> const Value & {
    static const Value None;
    return I >= 0 && unsigned(I) < Args.size() ? Args[I] : None;
  };
  SourceLocation Where = Call->getBeginLoc();
  if (const LibcFunction *L = Callee ? lookupLibc(Callee) : nullptr) {
    Value R;
    if (L->Kind == LibcKind::Allocate)
      R.emplace(ref(ObjKind::Heap, static_cast<const void *>(Call)), Where);
    else if (L->Kind == LibcKind::Alloca)
      R.emplace(ref(ObjKind::Frame, static_cast<const void *>(Call)), Where);
    if (L->ResultAlias != NoArg && L->ResultDerefs == 0)
      merge(R, Arg(L->ResultAlias));
    if (L->CopyDst != NoArg)
      copyCells(pointsTo(Arg(L->CopyDst)), pointsTo(Arg(L->CopySrc)), Where,
                St);
    if (L->StoreDst != NoArg)
      store(pointsTo(Arg(L->StoreDst)),
            L->StoreSrc == UnknownSrc ? Value{{Ref{UnknownObj}, Where}}
                                      : Arg(L->StoreSrc),
            true, Where, St);
    if (L->WaitsForThreads)
      for (auto &[Cell, Held] : St.Cells)
        if (kind(Cell) == ObjKind::ThreadArg)
          Held.clear();
    for (unsigned I = 0; I < Args.size() && I < 8; ++I) {
      if ((L->Retains & (1u << I)) && !L->RetainsForResume)
        merge(St.Cells[ref(ObjKind::Kept, Call)], storedAt(Args[I], Where));
      if (L->Threads & (1u << I))
        merge(St.Cells[ref(ObjKind::ThreadArg, Call)],
              storedAt(Args[I], Where));
    }
    if (L->ResultUnknown || L->ResultDerefs)
      R.emplace(Ref{UnknownObj}, Where);
    CallValues[Call] = std::move(R);
    return;
  }
  const FunctionDecl *Def =
      Callee && hasKnownBody(Callee) ? Callee->getDefinition() : nullptr;
  DanglingCheck::Effects Does =
      Def ? Callees.effects(Def) : DanglingCheck::Effects{true, true};
  // What the callee keeps, returns or stores of its arguments matters only
  // for objects whose fate this flow follows, handed to a parameter the
  // escape analysis lets outlive the call; for the others its effects say
  // enough (a store it makes through a parameter writes outside).
  bool Followed = false;
  for (unsigned I = 0; Def && !Followed && I < Args.size(); ++I)
    Followed = Callees.mayKeepParameter(Def, I) &&
               llvm::any_of(Args[I], [&](const auto &Held) {
                 ObjKind K = kind(Held.first);
                 return K == ObjKind::Frame || K == ObjKind::ParamMem ||
                        K == ObjKind::Heap;
               });
  const DanglingCheck::Summary *S =
      Followed && Depth > 0 ? Callees.summary(Def, Depth - 1) : nullptr;
  if (Does.Waits)
    for (auto &[Cell, Held] : St.Cells)
      if (kind(Cell) == ObjKind::ThreadArg)
        Held.clear();
  forgetReachable(Args, Does.WritesOutside, /*Visible=*/Def != nullptr, St);
  Value R{{Ref{UnknownObj}, Where}};
  if (S && !S->ResultStores.empty()) {
    // A fresh block (or null) whose cells hold what the callee put there.
    Ref Block = ref(ObjKind::Heap, static_cast<const void *>(Call));
    for (const DanglingCheck::Summary::ResultStore &RS : S->ResultStores) {
      Ref Cell = Block;
      bool Fits = Cell.append(RS.Path, 0);
      assert(Fits && "a callee's path is no longer than MaxFields");
      (void)Fits;
      store(Place{{Cell}}, Arg(RS.Src), true, Where, St);
    }
    R = {{Block, Where}};
  }
  if (S) {
    for (const DanglingCheck::Summary::ParamStore &PS : S->Stores) {
      Place Dst = pointsTo(Arg(PS.Dst));
      for (Ref &C : Dst.Cells)
        if (!C.append(PS.Path, 0))
          Dst.Exact = false;
      Dst.Exact = false; // the callee may not store on every path
      store(Dst, Arg(PS.Src), true, Where, St);
    }
    for (unsigned I = 0; I < Args.size() && I < S->Kept.size(); ++I) {
      if (S->Kept[I])
        merge(St.Cells[ref(ObjKind::Kept, Call)], storedAt(Args[I], Where));
      if (S->Returned[I])
        merge(R, Args[I]);
    }
  }
  CallValues[Call] = std::move(R);
}

void FunctionFlow::transfer(const Stmt *S, State &St) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->getOpcode() == BO_Assign)
      assign(place(BO->getLHS(), St), BO->getRHS(), BO->getExprLoc(), St);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        declare(VD, St);
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    call(Call, St);
    return;
  }
  if (const auto *R = dyn_cast<ReturnStmt>(S)) {
    const Expr *E = R->getRetValue();
    // A summary's result block must be the one value returned, not one of
    // several the paths joined.
    if (E && Must && E->getType()->isPointerType() && !isNullConstant(E, Ctx) &&
        rvalue(E, St).size() != 1)
      MixedResult = true;
    if (E)
      assign(Place{{ref(ObjKind::Result, static_cast<const void *>(nullptr))}},
             E, E->getExprLoc(), St);
    return;
  }
}

/// \p Into becomes what holds in both \p Into and \p Other.
void FunctionFlow::intersect(State &Into, const State &Other) const {
  static const State Empty;
  for (const auto &[Cell, Held] : Other.Cells)
    Into.Cells.try_emplace(Cell, get(Cell, Empty));
  for (auto &[Cell, Held] : Into.Cells) {
    auto It = Other.Cells.find(Cell);
    Value Both = It == Other.Cells.end() ? get(Cell, Empty) : It->second;
    for (auto R = Held.begin(); R != Held.end();)
      R = Both.count(R->first) ? std::next(R) : Held.erase(R);
  }
}

} // namespace cescape::escape::dangling
