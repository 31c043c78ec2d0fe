//===- Contention.cpp - which fields threads fight over -------------------===//
#include "Contention.h"
#include "ClangCompat.h"

#include "escape/LibcModel.h"
#include "utils/AST.h"
#include "utils/CallGraph.h"
#include "utils/StmtWalk.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetOperations.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>

using namespace clang;

namespace cescape::falsesharing {

std::string contentionWords(unsigned Kinds) {
  std::string Words;
  for (auto [Bit, Word] : {std::pair{AtomicType, "atomic"},
                           {AtomicOp, "atomic-op"},
                           {LockType, "lock"},
                           {ThreadWritten, "thread-written"}})
    if (Kinds & Bit)
      Words += (Words.empty() ? "" : ",") + std::string(Word);
  return Words;
}

namespace {

bool isLockTypeName(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("pthread_mutex_t", "pthread_spinlock_t", "pthread_rwlock_t",
             "sem_t", "atomic_flag", "mtx_t", true)
      .Default(false);
}

/// Whether a call of \p Name is an atomic operation on the object its first
/// argument points to, and whether it may write it.
bool isAtomicCall(llvm::StringRef Name, bool &Writes) {
  if (!Name.starts_with("__sync_") && !Name.starts_with("__atomic_") &&
      !Name.starts_with("atomic_") && !Name.starts_with("__c11_atomic_"))
    return false;
  // Fences and queries touch no object; atomic_init runs before sharing.
  if (Name.contains("fence") || Name.contains("lock_free") ||
      Name.ends_with("atomic_init") || Name == "__sync_synchronize")
    return false;
  Writes = !Name.contains("load") && !Name.ends_with("_test");
  return true;
}

bool isAtomicLoad(AtomicExpr::AtomicOp Op) {
  return Op == AtomicExpr::AO__c11_atomic_load ||
         Op == AtomicExpr::AO__atomic_load ||
         Op == AtomicExpr::AO__atomic_load_n;
}

/// The lvalue a pointer operand designates: `&s->x` is `s->x`, and an array
/// member decays to a pointer to its first element. Null for a plain
/// pointer.
const Expr *pointee(const Expr *Pointer) {
  Pointer = Pointer->IgnoreParens();
  while (const auto *Cast = dyn_cast<CastExpr>(Pointer)) {
    if (Cast->getCastKind() == CK_ArrayToPointerDecay)
      return Cast->getSubExpr();
    Pointer = Cast->getSubExpr()->IgnoreParens();
  }
  if (const auto *Addr = dyn_cast<UnaryOperator>(Pointer))
    if (Addr->getOpcode() == UO_AddrOf)
      return Addr->getSubExpr();
  return nullptr;
}

/// A write (or an atomic access) to the fields an lvalue goes through:
/// `a->b.c[i].d` touches d, c and b (innermost first).
struct Access {
  const FunctionDecl *Function;
  SourceLocation Loc;
  llvm::SmallVector<const FieldDecl *, 4> Fields;
  bool Writes;
  bool Atomic; ///< through an atomic builtin or atomic_* call
  /// Set when it goes through a non-constant subscript of an array of
  /// records: the element and its field.
  const RecordDecl *Element = nullptr;
  const FieldDecl *ElementField = nullptr;
  const Expr *Index = nullptr;
};

/// Fills in the fields of \p A from the lvalue \p E. Returns false when the
/// object is a local (not shared) or no field is involved.
bool fieldsOf(const ASTContext &Ctx, const Expr *E, Access &A) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (!Field)
        return false;
      A.Fields.push_back(Field);
      // Through a pointer the object is shared as far as we know.
      if (Member->isArrow())
        return true;
      E = Member->getBase();
    } else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
      const RecordDecl *Element = Subscript->getType()->getAsRecordDecl();
      if (Element && !A.Fields.empty() && !A.Element &&
          !Subscript->getIdx()->isIntegerConstantExpr(Ctx)) {
        A.Element = Element;
        A.ElementField = A.Fields.back();
        A.Index = Subscript->getIdx();
      }
      const Expr *Base = Subscript->getBase()->IgnoreParens();
      const auto *Decay = dyn_cast<ImplicitCastExpr>(Base);
      if (!Decay || Decay->getCastKind() != CK_ArrayToPointerDecay)
        return !A.Fields.empty(); // a pointer: shared
      E = Decay->getSubExpr();
    } else if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      return !A.Fields.empty() && Var && !Var->hasLocalStorage();
    } else {
      // `*p`, a call's result, a compound literal: behind a pointer or
      // temporary; only `*p` and calls reach shared memory.
      return !A.Fields.empty() && !isa<CompoundLiteralExpr>(E);
    }
  }
}

using LockSet = llvm::SmallPtrSet<const ValueDecl *, 2>;

/// A lock acquired or released through a field or variable (null: a lock
/// cescape cannot name).
struct LockEvent {
  SourceLocation Loc;
  const ValueDecl *Lock;
  bool Acquire;
};

/// The lock a lock call's argument names: `&s->mu`, `&global_mu`.
const ValueDecl *lockOf(const Expr *Arg) {
  const Expr *Object = pointee(Arg);
  if (!Object)
    return nullptr;
  Object = Object->IgnoreParenImpCasts();
  if (const auto *Member = dyn_cast<MemberExpr>(Object))
    return Member->getMemberDecl();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
    return Ref->getDecl();
  return nullptr;
}

} // namespace

/// Walks every function body once, collecting accesses, thread entry
/// points, the call graph and lock events.
class ContentionMap::Scanner {
public:
  Scanner(ContentionMap &Map, ASTContext &Ctx, const CallGraph &Calls)
      : Map(Map), Ctx(Ctx), Calls(Calls) {}

  /// The fields of the records \p DC declares, nested ones included, and
  /// the bodies of its functions (records declared in a body: scan()).
  /// Declarations only: a RecursiveASTVisitor would also walk every type
  /// written in every prototype of the headers.
  void scanDecls(const DeclContext *DC) {
    for (const Decl *D : DC->decls()) {
      if (const auto *F = dyn_cast<FieldDecl>(D)) {
        if (unsigned Kinds = Map.typeKinds(F->getType()))
          Map.Fields[F].Kinds |= Kinds;
      } else if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
        if (FD->doesThisDeclarationHaveABody())
          scan(FD);
      } else if (isa<RecordDecl>(D) || isa<LinkageSpecDecl>(D)) {
        scanDecls(cast<DeclContext>(D));
      }
    }
  }

  /// Resolves writers, guards and thread writes once every body is seen.
  void finish() {
    addLockWrapperCalls();
    inheritCallersLocks();
    llvm::DenseMap<const FunctionDecl *,
                   llvm::SmallPtrSet<const FunctionDecl *, 2>>
        Threads = threadsReaching();
    for (const Access &A : Accesses) {
      auto ThreadsOfFunction = Threads.find(A.Function);
      bool InThread = ThreadsOfFunction != Threads.end();
      if (A.Element) {
        if (InThread && A.Writes && !indexVariesInLoop(A))
          Map.Elements.push_back({A.Element, A.ElementField, A.Loc});
        continue; // each thread its own element: not shared field by field
      }
      if (!A.Writes)
        continue;
      LockSet Held = locksHeld(A.Function, A.Loc);
      for (const FieldDecl *F : A.Fields) {
        unsigned Kinds = Map.typeKinds(F->getType());
        if (A.Atomic && F == A.Fields.front())
          Kinds |= AtomicOp;
        // Data written under a lock is as contended as its lock, which is
        // a field of its own when it lives in the struct.
        if (InThread && Held.empty())
          Kinds |= ThreadWritten;
        if (!Kinds)
          continue; // written outside threads or under a lock
        FieldContention &C = Map.Fields[F];
        C.Kinds |= Kinds;
        if (InThread)
          C.Writers.insert(ThreadsOfFunction->second.begin(),
                           ThreadsOfFunction->second.end());
        else
          C.Writers.insert(A.Function);
        if (!C.Guards)
          C.Guards = Held;
        else
          llvm::set_intersect(*C.Guards, Held);
        if (C.FirstWrite.isInvalid() ||
            Ctx.getSourceManager().isBeforeInTranslationUnit(A.Loc,
                                                             C.FirstWrite))
          C.FirstWrite = A.Loc;
      }
    }
  }

private:
  void scan(const FunctionDecl *FD) {
    forEachBodyStmt(FD->getBody(), [&](const Stmt *S) {
      if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
        for (Decl *D : Decls->decls())
          if (const auto *Record = dyn_cast<RecordDecl>(D))
            scanDecls(Record);
      } else if (const auto *Call = dyn_cast<CallExpr>(S))
        call(FD, Call);
      else if (const auto *Atomic = dyn_cast<AtomicExpr>(S))
        access(FD, Atomic->getBeginLoc(), pointee(Atomic->getPtr()),
               !isAtomicLoad(Atomic->getOp()), /*Atomic=*/true);
      else if (const auto *Assign = dyn_cast<BinaryOperator>(S)) {
        if (Assign->isAssignmentOp())
          access(FD, Assign->getOperatorLoc(), Assign->getLHS(), true, false);
      } else if (const auto *Step = dyn_cast<UnaryOperator>(S)) {
        if (Step->isIncrementDecrementOp())
          access(FD, Step->getOperatorLoc(), Step->getSubExpr(), true, false);
      }
      return true;
    });
  }

  void call(const FunctionDecl *Caller, const CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->getIdentifier())
      return;
    llvm::StringRef Name = Callee->getName();
    const escape::LibcFunction *Libc = escape::libcNamed(Name);
    int StartArg = Libc ? Libc->ThreadStart : escape::NoArg;
    if (StartArg != escape::NoArg && Call->getNumArgs() > unsigned(StartArg)) {
      Modelled.insert(Call);
      if (const FunctionDecl *Start =
              functionDesignator(Call->getArg(StartArg)))
        ThreadStarts.insert(Start->getDefinition() ? Start->getDefinition()
                                                   : Start);
      return;
    }
    if (Libc && Libc->Lock != escape::LockEffect::None &&
        Call->getNumArgs() >= 1) {
      Modelled.insert(Call);
      Locks[Caller].push_back({Call->getBeginLoc(), lockOf(Call->getArg(0)),
                               Libc->Lock == escape::LockEffect::Acquire});
      // Taking or releasing a lock writes it.
      access(Caller, Call->getBeginLoc(), pointee(Call->getArg(0)), true,
             false);
      return;
    }
    bool Writes = false;
    if (isAtomicCall(Name, Writes) && Call->getNumArgs() >= 1) {
      Modelled.insert(Call);
      access(Caller, Call->getBeginLoc(), pointee(Call->getArg(0)), Writes,
             true);
      return;
    }
  }

  /// Whether the index of \p A's element names a variable that a loop
  /// around the write declares or assigns: one thread walking the array
  /// (`for (i...) pd[i].n = 0`), not each thread at its own element.
  bool indexVariesInLoop(const Access &A) const {
    llvm::SmallPtrSet<const VarDecl *, 4> IndexVars;
    forEachStmt(A.Index, [&](const Stmt *S) {
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          IndexVars.insert(Var);
      return true;
    });
    const SourceManager &SM = Ctx.getSourceManager();
    bool Varies = false;
    forEachBodyStmt(A.Function->getBody(), [&](const Stmt *Loop) {
      if (!isa<ForStmt, WhileStmt, DoStmt>(Loop) ||
          SM.isBeforeInTranslationUnit(A.Loc, Loop->getBeginLoc()) ||
          SM.isBeforeInTranslationUnit(Loop->getEndLoc(), A.Loc))
        return true;
      forEachStmt(Loop, [&](const Stmt *S) {
        const Expr *Changed = nullptr;
        if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
          for (const clang::Decl *D : Decl->decls())
            Varies |= IndexVars.contains(dyn_cast<VarDecl>(D));
        } else if (const auto *Assign = dyn_cast<BinaryOperator>(S)) {
          if (Assign->isAssignmentOp())
            Changed = Assign->getLHS();
        } else if (const auto *Step = dyn_cast<UnaryOperator>(S)) {
          if (Step->isIncrementDecrementOp())
            Changed = Step->getSubExpr();
        }
        if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
                Changed ? Changed->IgnoreParenImpCasts() : nullptr))
          Varies |= IndexVars.contains(dyn_cast<VarDecl>(Ref->getDecl()));
        return !Varies;
      });
      return !Varies;
    });
    return Varies;
  }

  /// What calling a function does to locks: Balance is +1 when it leaves
  /// a lock taken (item_lock), -1 when it releases one (item_unlock), 0
  /// otherwise; Lock is the one lock member or variable its body takes, or
  /// null.
  struct LockEffect {
    int Balance = 0;
    const ValueDecl *Lock = nullptr;
  };

  /// By the balance of the lock calls in \p F's body, or by its name when
  /// its body is elsewhere. RCU's read_lock excludes no writer and is not a
  /// lock here.
  LockEffect lockEffect(const FunctionDecl *F) const {
    LockEffect Effect;
    if (F->hasBody()) {
      auto It = Locks.find(F);
      if (It == Locks.end())
        return Effect;
      llvm::SmallPtrSet<const ValueDecl *, 2> Named;
      for (const LockEvent &E : It->second) {
        Effect.Balance += E.Acquire ? 1 : -1;
        Named.insert(E.Lock);
      }
      Effect.Balance = std::clamp(Effect.Balance, -1, 1);
      if (Named.size() == 1)
        Effect.Lock = *Named.begin();
      return Effect;
    }
    llvm::StringRef Name = F->getName();
    if (Name.ends_with("_unlock") || Name.ends_with("_release"))
      Effect.Balance = -1;
    else if ((Name.ends_with("_lock") || Name.ends_with("_acquire")) &&
             !Name.contains("read_lock"))
      Effect.Balance = 1;
    return Effect;
  }

  /// The calls of \p Caller into code to follow (named functions, not the
  /// thread, lock and atomic calls modelled as events).
  llvm::SmallVector<CallSite, 8> callsInto(const CallGraphNode &Caller) const {
    llvm::SmallVector<CallSite, 8> Out;
    for (const CallSite &Site : Caller.Sites)
      if (Site.Callee->getIdentifier() && !Modelled.contains(Site.Call))
        Out.push_back(Site);
    return Out;
  }

  /// Calls of lock wrappers are lock events of the lock they take (a member
  /// names the same lock in every object, as everywhere here). Wrappers of
  /// wrappers (jemalloc's malloc_mutex_lock around a trylock helper) are
  /// found a level a round.
  void addLockWrapperCalls() {
    llvm::DenseSet<std::pair<const FunctionDecl *, size_t>> Converted;
    for (unsigned Level = 0; Level < 4; ++Level) {
      std::vector<std::pair<const FunctionDecl *, LockEvent>> Wrapped;
      for (const CallGraphNode &Caller : Calls.nodes()) {
        llvm::SmallVector<CallSite, 8> Sites = callsInto(Caller);
        for (size_t I = 0; I < Sites.size(); ++I)
          if (LockEffect Effect = lockEffect(Sites[I].Callee);
              Effect.Balance && Converted.insert({Caller.Fn, I}).second)
            Wrapped.push_back({Caller.Fn,
                               {Sites[I].Call->getBeginLoc(), Effect.Lock,
                                Effect.Balance > 0}});
      }
      if (Wrapped.empty())
        break;
      for (const auto &[Caller, Event] : Wrapped)
        Locks[Caller].push_back(Event);
    }
  }

  /// A static function runs with the locks held at every one of its calls
  /// in this unit (a helper called under a lock); computed to a fixpoint.
  /// Functions other units may call, and thread functions, inherit none.
  void inheritCallersLocks() {
    for (unsigned Round = 0; Round < 8; ++Round) {
      llvm::DenseMap<const FunctionDecl *, LockSet> Next;
      for (const CallGraphNode &Caller : Calls.nodes())
        for (const auto &[Call, Callee] : callsInto(Caller)) {
          if (Callee->isExternallyVisible() || !Callee->hasBody() ||
              ThreadStarts.contains(Callee))
            continue;
          LockSet Held = locksHeld(Caller.Fn, Call->getBeginLoc());
          auto [It, New] = Next.insert({Callee, Held});
          if (!New)
            llvm::set_intersect(It->second, Held);
        }
      bool Changed = false;
      for (const auto &[F, Held] : Next)
        Changed |= HeldOnEntry[F].size() != Held.size();
      HeldOnEntry = std::move(Next);
      if (!Changed)
        break;
    }
  }

  void access(const FunctionDecl *FD, SourceLocation Loc, const Expr *Object,
              bool Writes, bool Atomic) {
    if (!Object)
      return;
    Access A{FD, Loc, {}, Writes, Atomic};
    if (fieldsOf(Ctx, Object, A))
      Accesses.push_back(std::move(A));
  }

  /// For every function a thread runs, the thread functions that reach it.
  llvm::DenseMap<const FunctionDecl *,
                 llvm::SmallPtrSet<const FunctionDecl *, 2>>
  threadsReaching() const {
    llvm::DenseMap<const FunctionDecl *,
                   llvm::SmallPtrSet<const FunctionDecl *, 2>>
        Reached;
    for (const FunctionDecl *Start : ThreadStarts) {
      llvm::SmallVector<const FunctionDecl *, 16> Work{Start};
      while (!Work.empty()) {
        const FunctionDecl *F = Work.pop_back_val();
        if (!Reached[F].insert(Start).second)
          continue;
        if (const CallGraphNode *N = Calls.node(F))
          for (const CallSite &Site : callsInto(*N))
            if (Site.Callee->hasBody())
              Work.push_back(Site.Callee);
      }
    }
    return Reached;
  }

  /// The locks held at \p Loc in \p F: those its callers hold, and those
  /// acquired before \p Loc and not released in between, by source order
  /// (an unknown lock, through a wrapper or an unresolved argument, is
  /// null).
  LockSet locksHeld(const FunctionDecl *F, SourceLocation Loc) const {
    LockSet Held;
    if (auto Entry = HeldOnEntry.find(F); Entry != HeldOnEntry.end())
      Held = Entry->second;
    auto It = Locks.find(F);
    if (It == Locks.end())
      return Held;
    const SourceManager &SM = Ctx.getSourceManager();
    llvm::DenseMap<const ValueDecl *, int> Depth;
    for (const LockEvent &E : It->second)
      if (SM.isBeforeInTranslationUnit(E.Loc, Loc))
        Depth[E.Lock] += E.Acquire ? 1 : -1;
    for (auto [Lock, N] : Depth)
      if (N > 0)
        Held.insert(Lock);
    return Held;
  }

  ContentionMap &Map;
  ASTContext &Ctx;
  const CallGraph &Calls;
  std::vector<Access> Accesses;
  llvm::SmallPtrSet<const FunctionDecl *, 8> ThreadStarts;
  /// Calls that start threads, take locks or are atomic operations: events
  /// of their own, not calls into code to follow.
  llvm::DenseSet<const CallExpr *> Modelled;
  llvm::DenseMap<const FunctionDecl *, std::vector<LockEvent>> Locks;
  llvm::DenseMap<const FunctionDecl *, LockSet> HeldOnEntry;
};

ContentionMap::ContentionMap(ASTContext &Ctx, const CallGraph &Calls)
    : Ctx(Ctx) {
  Scanner S(*this, Ctx, Calls);
  S.scanDecls(Ctx.getTranslationUnitDecl());
  S.finish();
}

const FieldContention *ContentionMap::of(const FieldDecl *F) const {
  auto It = Fields.find(F);
  return It == Fields.end() || !It->second.Kinds ? nullptr : &It->second;
}

std::vector<const RecordDecl *> ContentionMap::contendedRecords() const {
  llvm::SmallPtrSet<const RecordDecl *, 16> Seen;
  std::vector<const RecordDecl *> Records;
  for (const auto &[Field, C] : Fields) {
    const RecordDecl *RD = Field->getParent();
    if (C.Kinds && RD->isCompleteDefinition() && !RD->isInvalidDecl() &&
        Seen.insert(RD).second)
      Records.push_back(RD);
  }
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Records, [&](const RecordDecl *A, const RecordDecl *B) {
    return SM.isBeforeInTranslationUnit(A->getLocation(), B->getLocation());
  });
  return Records;
}

unsigned ContentionMap::typeKinds(QualType T) {
  // An array of locks or atomics is as contended as one.
  while (const ArrayType *Array = Ctx.getAsArrayType(T))
    T = Array->getElementType();
  // Lock types are typedefs of plain unions; only their names tell.
  for (QualType Sugar = T;;) {
    if (const auto *Typedef = dyn_cast<TypedefType>(Sugar.getTypePtr()))
      if (isLockTypeName(Typedef->getDecl()->getName()))
        return LockType;
    QualType Next = Sugar.getSingleStepDesugaredType(Ctx);
    if (Next == Sugar)
      break;
    Sugar = Next;
  }
  if (T->isAtomicType())
    return AtomicType;
  const RecordDecl *RD = T->getAsRecordDecl();
  if (!RD || !(RD = RD->getDefinition()))
    return 0;
  if (RD->getIdentifier() && isLockTypeName(RD->getName()))
    return LockType;
  auto [It, New] = RecordKinds.insert({RD, 0});
  if (!New)
    return It->second;
  unsigned Kinds = 0;
  for (const FieldDecl *F : RD->fields())
    Kinds |= typeKinds(F->getType());
  RecordKinds[RD] = Kinds;
  return Kinds;
}

} // namespace cescape::falsesharing
