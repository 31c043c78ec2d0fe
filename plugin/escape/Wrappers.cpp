//===- Wrappers.cpp - the project's own allocators and deallocators -------===//
#include "Wrappers.h"
#include "Build.h"
#include "LibcModel.h"
#include "SizeFold.h"
#include "Solve.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace cescape::escape {

/// The function-like or object-like macro a call is spelled with at its
/// expansion site (`NEW(struct node)`, curl's `malloc(n)`), if any. Calls
/// spelled in a macro's arguments belong to the caller, not the macro.
static llvm::StringRef macroName(const CallExpr *Call, const ASTContext &Ctx) {
  SourceLocation Begin = Call->getBeginLoc();
  const SourceManager &SM = Ctx.getSourceManager();
  if (!Begin.isMacroID() || SM.isMacroArgExpansion(Begin))
    return {};
  SourceLocation At = SM.getExpansionLoc(Begin);
  return Lexer::getSourceText(CharSourceRange::getTokenRange(At), SM,
                              Ctx.getLangOpts());
}

/// The variable a call goes through: `hook(n)`, `(*hook)(n)`.
static const VarDecl *calledVariable(const CallExpr *Call) {
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(Callee))
    if (U->getOpcode() == UO_Deref)
      Callee = U->getSubExpr()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(Callee);
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// Whether \p Callee takes a block it may reallocate: a `void *`, or a
/// pointer of its result's type, to non-const memory (gnulib's `xrealloc`
/// is declared with `alloc_size` alone). Its result is then no fresh block:
/// the old contents live on in it, and the old block is freed.
static bool mayReallocate(const FunctionDecl *Callee) {
  QualType Result = Callee->getReturnType().getCanonicalType();
  return llvm::any_of(Callee->parameters(), [&](const ParmVarDecl *P) {
    QualType T = P->getType().getCanonicalType();
    if (!T->isPointerType() || T->getPointeeType().isConstQualified())
      return false;
    return T->getPointeeType()->isVoidType() || T == Result;
  });
}

CallRole roleOf(const CallExpr *Call, const FunctionDecl *Callee,
                const Options &Opts, const WrapperMap &Wrappers,
                const ASTContext &Ctx) {
  CallRole Role;
  // Every call goes through here: the names (a macro's costs a lexer
  // call) only when there are pairs to match.
  llvm::SmallVector<llvm::StringRef, 3> Names;
  if (!Opts.Allocators.empty()) {
    if (Callee && Callee->getIdentifier())
      Names.push_back(Callee->getName());
    if (const VarDecl *Hook = calledVariable(Call))
      Names.push_back(Hook->getName());
    if (llvm::StringRef Macro = macroName(Call, Ctx); !Macro.empty())
      Names.push_back(Macro);
  }
  for (const AllocatorPair &Pair : Opts.Allocators)
    for (llvm::StringRef Name : Names) {
      if (Name == Pair.Alloc && Call->getType()->isPointerType() &&
          !(Callee && mayReallocate(Callee))) {
        Role.Kind = CallRole::Allocates;
        Role.Declared = &Pair;
        Role.Name = Name;
        return Role;
      }
      if (Name == Pair.Free && Call->getNumArgs() > 0) {
        Role.Kind = CallRole::Frees;
        Role.Name = Name;
        return Role;
      }
    }
  if (!Callee)
    return Role;
  if (Callee->getIdentifier())
    Role.Name = Callee->getName();
  const auto *Own = Callee->getAttr<OwnershipAttr>();
  if (Own && Own->getOwnKind() == OwnershipAttr::Takes && Own->args_size()) {
    unsigned Arg = Own->args_begin()->getASTIndex();
    if (Arg < Call->getNumArgs()) {
      Role.Kind = CallRole::Frees;
      Role.FreedArg = Arg;
      return Role;
    }
  }
  // Declared allocators without a body here: `malloc`, `alloc_size` and
  // `ownership_returns` attributes (the C library's own are modelled).
  if (!hasKnownBody(Callee) &&
      (Callee->hasAttr<RestrictAttr>() || Callee->hasAttr<AllocSizeAttr>() ||
       (Own && Own->getOwnKind() == OwnershipAttr::Returns)) &&
      !lookupLibc(Callee) && !mayReallocate(Callee)) {
    Role.Kind = CallRole::Allocates;
    return Role;
  }
  // Defined here, or in another unit (its summary from the database).
  const FunctionDecl *Def = Callee->getDefinition();
  Role.Key = !Def                ? Callee->getCanonicalDecl()
             : hasKnownBody(Def) ? Def
                                 : nullptr;
  if (!Role.Key)
    return Role;
  if (auto It = Wrappers.Allocators.find(Role.Key);
      It != Wrappers.Allocators.end()) {
    Role.Kind = CallRole::Allocates;
    Role.Wrapper = &It->second;
  } else if (auto It = Wrappers.Deallocators.find(Role.Key);
             It != Wrappers.Deallocators.end() &&
             It->second < Call->getNumArgs()) {
    Role.Kind = CallRole::Frees;
    Role.FreedArg = It->second;
  }
  return Role;
}

namespace {

/// The index of the parameter \p E names, when the function never assigns
/// it (so it still holds the caller's argument).
std::optional<unsigned>
unchangedParam(const Expr *E,
               const llvm::DenseSet<const VarDecl *> &Reassigned) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  const auto *P = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!P || Reassigned.contains(P))
    return std::nullopt;
  return P->getFunctionScopeIndex();
}

/// Whether \p Cond compares variable \p V with null: `!v`, `v == NULL`,
/// `NULL == v`, `v == 0`.
bool isNullTest(const Expr *Cond, const VarDecl *V, const ASTContext &Ctx) {
  auto IsV = [&](const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
    return Ref && Ref->getDecl() == V;
  };
  Cond = Cond->IgnoreParens();
  if (const auto *U = dyn_cast<UnaryOperator>(Cond))
    return U->getOpcode() == UO_LNot && IsV(U->getSubExpr());
  if (const auto *B = dyn_cast<BinaryOperator>(Cond))
    return B->getOpcode() == BO_EQ &&
           ((IsV(B->getLHS()) && isNullConstant(B->getRHS(), Ctx)) ||
            (isNullConstant(B->getLHS(), Ctx) && IsV(B->getRHS())));
  return false;
}

/// Whether the body of an allocator wrapper does nothing but allocate
/// \p Alloc, keep it in one variable, handle a null result and return it
/// (git's xmalloc, `return malloc(n)`): then replacing a call with a stack
/// array loses no effect. Failure branches may do anything: they never run
/// for a stack array.
bool onlyAllocates(const FunctionDecl *Fn, const CallExpr *Alloc,
                   const ASTContext &Ctx) {
  const auto *Body = dyn_cast<CompoundStmt>(Fn->getBody());
  if (!Body)
    return false;
  auto IsAlloc = [&](const Expr *E) {
    return E && E->IgnoreParenCasts() == Alloc;
  };
  const VarDecl *Declared = nullptr, *Holder = nullptr;
  auto IsHolder = [&](const Expr *E) {
    const auto *Ref =
        E ? dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()) : nullptr;
    return Holder && Ref && Ref->getDecl() == Holder;
  };
  bool Returned = false;
  for (const Stmt *S : Body->body()) {
    if (isa<NullStmt>(S))
      continue;
    // `T *p = alloc;`, or `T *p;` then `p = alloc;`.
    if (const auto *D = dyn_cast<DeclStmt>(S)) {
      const auto *V =
          D->isSingleDecl() ? dyn_cast<VarDecl>(D->getSingleDecl()) : nullptr;
      if (!V || Holder || Declared || (V->getInit() && !IsAlloc(V->getInit())))
        return false;
      (V->getInit() ? Holder : Declared) = V;
      continue;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(S)) {
      const auto *Ref = dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParens());
      if (B->getOpcode() != BO_Assign || !Ref || Ref->getDecl() != Declared ||
          Holder || !IsAlloc(B->getRHS()))
        return false;
      Holder = Declared;
      continue;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      if (If->getElse() || If->getInit() || If->getConditionVariable() ||
          !Holder || !isNullTest(If->getCond(), Holder, Ctx))
        return false;
      continue;
    }
    if (const auto *R = dyn_cast<ReturnStmt>(S)) {
      if (!IsAlloc(R->getRetValue()) && !IsHolder(R->getRetValue()))
        return false;
      Returned = true;
      break;
    }
    return false;
  }
  return Returned;
}

/// The fresh block \p F's result always is, if it is one: exactly one
/// allocation of \p F reaches the result by address, and nothing else
/// (no parameter, global, or memory others may write) reaches it at all.
AllocSite *freshResult(Graph &G, FunctionInfo &F) {
  Location *Block = nullptr;
  bool Foreign = false;
  walkBackward(G, {F.Result}, [&](Location &L, int Derefs) {
    if (Foreign)
      return false;
    if (&L == F.Result || L.Kind == LocKind::Temp)
      return true;
    if (Derefs < 0 && L.Kind == LocKind::Alloc && (!Block || Block == &L)) {
      Block = &L;
      return false; // what it contains is the caller's to see
    }
    if (Derefs >= 0 && L.Kind == LocKind::Local && !L.isParam() && !L.Exposed &&
        L.Fn == F.Fn)
      return true;
    Foreign = true;
    return false;
  });
  if (Foreign || !Block || Block->Why != Reason::Return)
    return nullptr;
  for (AllocSite &A : G.Allocs)
    if (A.Loc == Block)
      return &A;
  return nullptr;
}

/// Whether \p Block's address flows into what one of \p Holders holds.
bool addressReaches(Graph &G, llvm::ArrayRef<Location *> Holders,
                    Location *Block) {
  bool Reached = false;
  walkBackward(G, Holders, [&](Location &L, int Derefs) {
    Reached |= &L == Block && Derefs < 0;
    return !Reached;
  });
  return Reached;
}

/// The roots other than a function's result: globals, parameters, unknown
/// code, free(), another thread.
std::vector<Location *> otherRoots(Graph &G) {
  std::vector<Location *> Roots;
  for (Location &L : G.Locations)
    if (L.Kind == LocKind::Root || L.Kind == LocKind::ParamPointee ||
        L.Kind == LocKind::FreeSink)
      Roots.push_back(&L);
  return Roots;
}

/// The allocator wrapper \p F is, if it is one.
std::optional<AllocatorWrapper>
allocatorWrapper(Graph &G, FunctionInfo &F,
                 const llvm::DenseSet<const VarDecl *> &Reassigned,
                 ASTContext &Ctx) {
  if (!F.Fn->getReturnType()->isPointerType() || !hasKnownBody(F.Fn))
    return std::nullopt;
  AllocSite *A = freshResult(G, F);
  if (!A || (A->Kind != AllocKind::Malloc && A->Kind != AllocKind::Calloc) ||
      addressReaches(G, otherRoots(G), A->Loc) ||
      // Held inside itself (`h->next = h`, a back pointer `h->sub->owner =
      // h`): a call site's fresh, empty block would not show the caller
      // reading the block out of itself.
      addressReaches(G, {A->Loc}, A->Loc))
    return std::nullopt;
  AllocatorWrapper W{A->Kind, {}, A->SizeScale, A->Replaceable, A->Callee};
  if (A->SizeArgs.empty() && !A->ScaleOnly)
    W.SizeScale.reset();
  for (const Expr *Arg : A->SizeArgs) {
    if (!W.SizeScale)
      break;
    if (auto P = unchangedParam(Arg, Reassigned)) {
      W.SizeParams.push_back(*P);
    } else if (auto V = foldConstant(Arg, Ctx, Reassigned)) {
      if (__builtin_mul_overflow(*W.SizeScale, *V, &*W.SizeScale))
        W.SizeScale.reset();
    } else {
      W.SizeScale.reset();
    }
  }
  W.OnlyAllocates = W.OnlyAllocates && onlyAllocates(F.Fn, A->Call, Ctx);
  return W;
}

/// The parameter \p Fn frees, when its body does nothing else:
/// `free(p);`, `if (p) free(p);`, `if (!p) return; free(p);`.
std::optional<unsigned> deallocatorParam(
    const FunctionDecl *Fn, const Options &Opts, const WrapperMap &Wrappers,
    const llvm::DenseSet<const VarDecl *> &Reassigned, const ASTContext &Ctx) {
  const auto *Body = dyn_cast<CompoundStmt>(Fn->getBody());
  if (!Body || !hasKnownBody(Fn))
    return std::nullopt;
  auto FreedParam = [&](const Stmt *S) -> std::optional<unsigned> {
    if (const auto *C = dyn_cast_or_null<CompoundStmt>(S); C && C->size() == 1)
      S = C->body_front();
    const auto *Call = dyn_cast_or_null<CallExpr>(S);
    if (!Call)
      return std::nullopt;
    const FunctionDecl *Callee = Call->getDirectCallee();
    const LibcFunction *Libc = Callee ? lookupLibc(Callee) : nullptr;
    unsigned Arg;
    if (Libc && Libc->Kind == LibcKind::Free && Call->getNumArgs() > 0) {
      Arg = 0;
    } else {
      CallRole Role = roleOf(Call, Callee, Opts, Wrappers, Ctx);
      if (Role.Kind != CallRole::Frees)
        return std::nullopt;
      Arg = Role.FreedArg;
    }
    return unchangedParam(Call->getArg(Arg), Reassigned);
  };
  std::optional<unsigned> Freed;
  for (const Stmt *S : Body->body()) {
    if (isa<NullStmt>(S))
      continue;
    const auto *If = dyn_cast<IfStmt>(S);
    if (If && (If->getElse() || If->getInit() || If->getConditionVariable()))
      return std::nullopt;
    if (If && !Freed) {
      // `if (!p) return;`: a guard, freeing nothing.
      const auto *Then = If->getThen();
      if (const auto *C = dyn_cast<CompoundStmt>(Then); C && C->size() == 1)
        Then = C->body_front();
      const auto *R = dyn_cast<ReturnStmt>(Then);
      if (R && !R->getRetValue())
        continue;
      // `if (p) free(p);`: the condition only reads.
      if (If->getCond()->HasSideEffects(Ctx))
        return std::nullopt;
      S = If->getThen();
    }
    if (const auto *R = dyn_cast<ReturnStmt>(S); R && !R->getRetValue())
      break;
    std::optional<unsigned> P = Freed ? std::nullopt : FreedParam(S);
    if (!P)
      return std::nullopt;
    Freed = P;
  }
  return Freed;
}

} // namespace

void findWrapper(Graph &G, FunctionInfo &F, const Options &Opts,
                 const llvm::DenseSet<const VarDecl *> &Reassigned,
                 ASTContext &Ctx, WrapperMap &Wrappers) {
  if (auto W = allocatorWrapper(G, F, Reassigned, Ctx))
    Wrappers.Allocators[F.Fn] = std::move(*W);
  else if (auto P = deallocatorParam(F.Fn, Opts, Wrappers, Reassigned, Ctx))
    Wrappers.Deallocators[F.Fn] = *P;
}

} // namespace cescape::escape
