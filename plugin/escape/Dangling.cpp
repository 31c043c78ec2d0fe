//===- Dangling.cpp - stack addresses that outlive their frame -----------===//
//
// See Dangling.h for the model. The analysis of one function is a forward
// dataflow over its CFG; the state maps cells (an object and a field path)
// to the addresses they may hold, each with where it was stored.
//
//===----------------------------------------------------------------------===//
#include "Dangling.h"
#include "LibcModel.h"
#include "utils/AST.h"
#include "utils/CFGOrder.h"
#include "utils/StmtWalk.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <array>
#include <map>
#include <set>

using namespace clang;

namespace cescape::escape {
namespace {

enum class ObjKind : uint8_t {
  Frame,     ///< a local, parameter, compound literal or alloca
  ParamMem,  ///< what a pointer parameter points to on entry
  Global,    ///< a global or static variable
  Outside,   ///< other memory a parameter or a global reaches
  Heap,      ///< the blocks one allocation call returns
  Unknown,   ///< what code we cannot see returns: no evidence through it
  Result,    ///< the function's return value
  Kept,      ///< what one call keeps after it returns
  ThreadArg, ///< what one call hands to a new thread
  CallValue, ///< the value one call returned
};

struct Object {
  ObjKind Kind;
  const void *Key; ///< Expr or CallExpr; the index for ParamMem
  const VarDecl *Var; ///< Frame, Global: the variable
};

/// Memory the caller can reach after the return: a frame address stored
/// there is evidence, and code we cannot see may rewrite it.
bool outlivesFrame(ObjKind K) {
  return K == ObjKind::ParamMem || K == ObjKind::Global ||
         K == ObjKind::Outside;
}

constexpr unsigned MaxFields = 3;

/// An address: an object and a path of fields into it. It also names the
/// cell at that address.
struct Ref {
  unsigned Obj = 0;
  uint8_t Depth = 0;
  std::array<const FieldDecl *, MaxFields> Fields{};

  bool operator<(const Ref &O) const {
    return std::tie(Obj, Depth, Fields) < std::tie(O.Obj, O.Depth, O.Fields);
  }
  bool operator==(const Ref &O) const {
    return Obj == O.Obj && Depth == O.Depth && Fields == O.Fields;
  }
  const FieldDecl *last() const { return Depth ? Fields[Depth - 1] : nullptr; }
  bool hasPrefix(const Ref &P) const {
    if (Obj != P.Obj || Depth < P.Depth)
      return false;
    return std::equal(P.Fields.begin(), P.Fields.begin() + P.Depth,
                      Fields.begin());
  }
  /// This address with \p Suffix's fields appended; false when the path
  /// is too long (the cell then stands for all its longer paths).
  bool append(const Ref &Suffix, unsigned From) {
    bool Fits = true;
    for (unsigned I = From; I < Suffix.Depth; ++I) {
      if (Depth == MaxFields) {
        Fits = false;
        break;
      }
      Fields[Depth++] = Suffix.Fields[I];
    }
    return Fits;
  }
};

/// The addresses a cell may hold, each with where it was stored there.
using Value = std::map<Ref, SourceLocation>;

void merge(Value &Into, const Value &From) {
  for (const auto &[R, Where] : From)
    Into.emplace(R, Where);
}

Value storedAt(const Value &V, SourceLocation Where) {
  Value Out;
  for (const auto &[R, Old] : V)
    Out.emplace(R, Where.isValid() ? Where : Old);
  return Out;
}

struct State {
  bool Reached = false;
  std::map<Ref, Value> Cells;
  bool operator==(const State &O) const {
    return Reached == O.Reached && Cells == O.Cells;
  }
};

/// Where a store goes.
struct Place {
  std::vector<Ref> Cells;
  bool Exact = true;      ///< one cell, and exactly it
  bool ViaPointer = false; ///< reached through a pointer, not by name
  bool Unknown = false;    ///< (also) memory we cannot name
  const FieldDecl *UnknownField = nullptr; ///< the field written there
};

} // namespace

/// What a call to a visible function does with its pointer arguments, as
/// far as a dangling warning is concerned.
struct DanglingCheck::Summary {
  struct ParamStore {
    unsigned Dst; ///< the callee stores into what this parameter points to,
    Ref Path;     ///< at this field path (Obj unused),
    unsigned Src; ///< the value of this parameter
  };
  std::vector<ParamStore> Stores;
  llvm::SmallBitVector Kept;     ///< kept in memory outliving the call
  llvm::SmallBitVector Returned; ///< the result may be the argument
  bool WritesOutside = false;    ///< may store pointers the caller can see
  bool Waits = false;            ///< joins threads or waits for them
};

namespace {

using SummaryOf =
    llvm::function_ref<const DanglingCheck::Summary *(const FunctionDecl *)>;

/// The dataflow of one function.
class FunctionFlow {
public:
  /// \p Must: facts that hold on every path (a summary's, so that a callee
  /// keeping its argument on one path only, or only when a flag says so,
  /// is no evidence in its callers); otherwise on some path.
  FunctionFlow(const FunctionDecl *Fn, ASTContext &Ctx, SummaryOf Summaries,
               bool Must)
      : Fn(Fn), Ctx(Ctx), Summaries(Summaries), Must(Must) {
    OutsideObj = object(ObjKind::Outside, nullptr);
    UnknownObj = object(ObjKind::Unknown, nullptr);
  }

  /// Runs to a fixed point; false when a budget ran out (no verdict then).
  bool run();

  /// A frame address found in memory that outlives the frame at exit.
  struct Evidence {
    unsigned Obj;
    ObjKind Holder; ///< the root's kind (Heap: a block reached from one)
    const CallExpr *By; ///< Kept, ThreadArg: the call
    SourceLocation Where;
  };
  /// Each address of \p Of objects held by memory that outlives the frame
  /// at exit, with the root it was found from (first by priority). \p Owner:
  /// for summaries, the parameter index that rooted a heap block.
  void evidence(ObjKind Of, llvm::function_ref<void(const Ref &Found,
                                                    const Ref &Cell,
                                                    const Evidence &E)>
                                Visit) const;

  std::vector<Object> Objects;
  State Exit;
  bool WritesOutside = false;
  bool Waits = false;

private:
  unsigned object(ObjKind Kind, const void *Key,
                  const VarDecl *Var = nullptr) {
    auto [It, New] =
        ObjectIds.try_emplace({Kind, Var ? Var : Key}, Objects.size());
    if (New)
      Objects.push_back({Kind, Key, Var});
    return It->second;
  }
  ObjKind kind(const Ref &R) const { return Objects[R.Obj].Kind; }
  Ref ref(ObjKind Kind, const void *Key) { return Ref{object(Kind, Key)}; }
  Ref ref(ObjKind Kind, const VarDecl *Var) {
    return Ref{object(Kind, nullptr, Var->getCanonicalDecl())};
  }

  void transfer(const Stmt *S, State &St);
  void declare(const VarDecl *VD, State &St);
  void assign(const Place &Dst, const Expr *Src, SourceLocation Where,
              State &St);
  void store(const Place &Dst, const Value &V, bool PointerWrite,
             SourceLocation Where, State &St);
  void copyCells(const Place &Dst, const Place &Src, SourceLocation Where,
                 State &St);
  void call(const CallExpr *Call, State &St);
  void forgetReachable(const std::vector<Value> &Args, bool Anything,
                       State &St);
  void intersect(State &Into, const State &Other) const;

  Place place(const Expr *E, const State &St);
  Place pointsTo(const Value &V) const;
  Value rvalue(const Expr *E, const State &St);
  Value load(const Place &P, const State &St) const;
  Value get(const Ref &Cell, const State &St) const;
  Value addresses(const Place &P, SourceLocation Where) const;

  const FunctionDecl *Fn;
  ASTContext &Ctx;
  SummaryOf Summaries;
  const bool Must;
  std::map<std::pair<ObjKind, const void *>, unsigned> ObjectIds;
  unsigned OutsideObj, UnknownObj;
  bool Overflow = false;
};

/// Whether a value of type \p T can hold an address: pointers, aggregates,
/// and integers as wide as a pointer.
bool mayHoldAddress(QualType T, const ASTContext &Ctx) {
  T = T.getCanonicalType();
  if (T->isPointerType() || T->isRecordType() || T->isArrayType())
    return true;
  return T->isIntegerType() && !T->isBooleanType() &&
         Ctx.getTypeSize(T) >= Ctx.getTypeSize(Ctx.VoidPtrTy);
}

/// Evidence is a frame address (or, in a summary, a parameter's).
void dropEvidence(Value &V, const std::vector<Object> &Objects) {
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

/// The for and while loops around \p S.
void enclosingLoops(const Stmt *S, ASTContext &Ctx,
                    llvm::SmallPtrSetImpl<const Stmt *> &Out) {
  for (DynTypedNodeList Parents = Ctx.getParents(*S); !Parents.empty();) {
    const Stmt *P = Parents[0].get<Stmt>();
    if (!P)
      return;
    if (isa<ForStmt>(P) || isa<WhileStmt>(P))
      Out.insert(P);
    Parents = Ctx.getParents(*P);
  }
}

/// Whether \p E names (part of) a member of a union, through `.` only.
bool insideUnion(const Expr *E) {
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
    if (Cast->getCastKind() == CK_NoOp || Cast->getCastKind() == CK_LValueBitCast)
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
    return get(ref(ObjKind::CallValue, Call), St);
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
  if (Outside && PointerWrite)
    WritesOutside = true;
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
  if (Dst.Exact && Dst.Cells.size() == 1) {
    ObjKind K = kind(Dst.Cells.front());
    if (K != ObjKind::Outside && K != ObjKind::Heap) {
      St.Cells[Dst.Cells.front()] = std::move(Stored);
      return;
    }
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
  bool Strong = Dst.Exact && Dst.Cells.size() == 1 &&
                kind(Dst.Cells.front()) != ObjKind::Outside &&
                kind(Dst.Cells.front()) != ObjKind::Heap;
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
void FunctionFlow::forgetReachable(const std::vector<Value> &Args,
                                   bool Anything, State &St) {
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
    if (Reach.count(Cell.Obj) || (Anything && outlivesFrame(K)))
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
  Ref Result = ref(ObjKind::CallValue, Call);
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
    if (L->WaitsForThreads) {
      Waits = true;
      for (auto &[Cell, Held] : St.Cells)
        if (kind(Cell) == ObjKind::ThreadArg)
          Held.clear();
    }
    for (unsigned I = 0; I < Args.size() && I < 8; ++I) {
      if ((L->Retains & (1u << I)) && !L->RetainsForResume)
        merge(St.Cells[ref(ObjKind::Kept, Call)], storedAt(Args[I], Where));
      if (L->Threads & (1u << I))
        merge(St.Cells[ref(ObjKind::ThreadArg, Call)],
              storedAt(Args[I], Where));
    }
    if (L->ResultUnknown || L->ResultDerefs)
      R.emplace(Ref{UnknownObj}, Where);
    St.Cells[Result] = std::move(R);
    return;
  }
  const DanglingCheck::Summary *S =
      Callee && Callee->hasBody() && hasKnownBody(Callee->getDefinition())
          ? Summaries(Callee->getDefinition())
          : nullptr;
  if (!S || S->WritesOutside)
    WritesOutside = true;
  if (!S || S->Waits) {
    Waits |= S != nullptr;
    for (auto &[Cell, Held] : St.Cells)
      if (kind(Cell) == ObjKind::ThreadArg)
        Held.clear();
  }
  forgetReachable(Args, !S || S->WritesOutside, St);
  Value R{{Ref{UnknownObj}, Where}};
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
  St.Cells[Result] = std::move(R);
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
    if (const Expr *E = R->getRetValue())
      assign(Place{{ref(ObjKind::Result, static_cast<const void *>(nullptr))}}, E, E->getExprLoc(), St);
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
          {ref(ObjKind::ParamMem, reinterpret_cast<const void *>(
                                      uintptr_t(I))),
           SourceLocation()}};
  }
  // Loops that join or wait for threads: the CFG has a path through such a
  // loop that runs no iteration, which the program may never take (threads
  // created in one loop, joined in another over the same count). Reaching
  // the loop counts as waiting; a path that returns before it still dangles.
  llvm::SmallPtrSet<const Stmt *, 4> WaitingLoops;
  forEachStmt(Fn->getBody(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee)
      return true;
    const LibcFunction *L = lookupLibc(Callee);
    const DanglingCheck::Summary *Sum =
        !L && Callee->hasBody() && hasKnownBody(Callee->getDefinition())
            ? Summaries(Callee->getDefinition())
            : nullptr;
    if ((L && L->WaitsForThreads) || (Sum && Sum->Waits))
      enclosingLoops(Call, Ctx, WaitingLoops);
    return true;
  });
  std::vector<State> Out(Cfg->getNumBlockIDs());
  std::vector<const CFGBlock *> Order = reversePostOrder(*Cfg);
  // Budgets: past them the function gets no verdict, which is silence.
  constexpr unsigned MaxRounds = 20;
  constexpr size_t MaxCells = 4096;
  for (unsigned Round = 0;; ++Round) {
    if (Round == MaxRounds)
      return false;
    bool Changed = false;
    for (const CFGBlock *B : Order) {
      State St;
      if (B == &Cfg->getEntry())
        St = Entry;
      for (const CFGBlock *Pred : B->preds()) {
        // A block that ends in a noreturn call never reaches the exit.
        if (!Pred || (B == &Cfg->getExit() && Pred->hasNoReturnElement()))
          continue;
        const State &P = Out[Pred->getBlockID()];
        if (!P.Reached)
          continue;
        if (Must && St.Reached)
          intersect(St, P);
        else
          for (const auto &[Cell, Held] : P.Cells)
            merge(St.Cells[Cell], Held);
        St.Reached = true;
      }
      if (B == &Cfg->getExit()) {
        Exit = St;
        continue;
      }
      if (St.Reached && WaitingLoops.contains(B->getTerminatorStmt()))
        for (auto &[Cell, Held] : St.Cells)
          if (kind(Cell) == ObjKind::ThreadArg)
            Held.clear();
      if (St.Reached)
        for (const CFGElement &E : *B)
          if (auto CS = E.getAs<CFGStmt>())
            transfer(CS->getStmt(), St);
      if (St.Cells.size() > MaxCells)
        return false;
      State &Old = Out[B->getBlockID()];
      if (!(Old == St)) {
        Old = std::move(St);
        Changed = true;
      }
    }
    if (!Changed)
      return true;
  }
}

void FunctionFlow::evidence(
    ObjKind Of,
    llvm::function_ref<void(const Ref &, const Ref &, const Evidence &)>
        Visit) const {
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

/// Whether \p Fn takes the address of its own frame at all: most functions
/// do not, and need no dataflow.
bool takesFrameAddress(const FunctionDecl *Fn) {
  return !forEachStmt(Fn->getBody(), [](const Stmt *S) {
    if (isa<CompoundLiteralExpr>(S))
      return false;
    const Expr *Sub = nullptr;
    if (const auto *UO = dyn_cast<UnaryOperator>(S);
        UO && UO->getOpcode() == UO_AddrOf)
      Sub = UO->getSubExpr();
    else if (const auto *Cast = dyn_cast<ImplicitCastExpr>(S);
             Cast && Cast->getCastKind() == CK_ArrayToPointerDecay)
      Sub = Cast->getSubExpr();
    else if (const auto *Call = dyn_cast<CallExpr>(S)) {
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

DanglingCheck::DanglingCheck(ASTContext &Ctx, const Options &Opts)
    : Ctx(Ctx), Opts(Opts) {}
DanglingCheck::~DanglingCheck() = default;

const DanglingCheck::Summary *DanglingCheck::summary(const FunctionDecl *Fn) {
  auto [It, New] = Summaries.try_emplace(Fn);
  if (!New)
    return It->second.get();
  FunctionFlow Flow(
      Fn, Ctx, [&](const FunctionDecl *F) { return summary(F); }, true);
  if (!Flow.run())
    return nullptr;
  auto S = std::make_unique<Summary>();
  unsigned N = Fn->getNumParams();
  S->Kept.resize(N);
  S->Returned.resize(N);
  S->WritesOutside = Flow.WritesOutside;
  S->Waits = Flow.Waits;
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
      // Pointers into a parameter's own memory die with it (an iterator's
      // key in its own buffer).
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
  It = Summaries.find(Fn);
  It->second = std::move(S);
  return It->second.get();
}

void DanglingCheck::check(const FunctionDecl *Fn, const Graph &G,
                          std::vector<Finding> &Out) {
  // main's frame lasts as long as the program.
  if (Fn->isMain() || !takesFrameAddress(Fn))
    return;
  FunctionFlow Flow(
      Fn, Ctx, [&](const FunctionDecl *F) { return summary(F); }, false);
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
      std::string Callee =
          E.By->getDirectCallee()
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
              "address of " + What + " escapes its frame (" +
                  reasonWord(Why) + "): it " + Explanation,
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
