//===- AST.cpp - small questions about the AST both analyses ask ---------===//
#include "AST.h"
#include "StmtWalk.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace cescape {

const llvm::DenseSet<const VarDecl *> &
ReassignedVars::of(const FunctionDecl *Fn) {
  std::unique_ptr<llvm::DenseSet<const VarDecl *>> &Slot = Sets[Fn];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<llvm::DenseSet<const VarDecl *>>();
  llvm::DenseSet<const VarDecl *> &Out = *Slot;
  auto Note = [&](const Expr *E) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
      if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
        Out.insert(V);
  };
  forEachBodyStmt(Fn->getBody(), [&](const Stmt *S) {
    if (const auto *Block = dyn_cast<BlockExpr>(S)) {
      // Its body runs whenever: __block variables are as good as reassigned.
      for (const BlockDecl::Capture &C : Block->getBlockDecl()->captures())
        if (C.isByRef())
          Out.insert(C.getVariable());
    } else if (const auto *B = dyn_cast<BinaryOperator>(S)) {
      if (B->isAssignmentOp())
        Note(B->getLHS());
    } else if (const auto *U = dyn_cast<UnaryOperator>(S)) {
      if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
        Note(U->getSubExpr());
    } else if (const auto *A = dyn_cast<AsmStmt>(S)) {
      for (const Expr *Out : A->outputs())
        Note(Out);
    }
    return true;
  });
  return Out;
}

const FunctionDecl *functionDesignator(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr()->IgnoreParenCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(Ref->getDecl());
  return nullptr;
}

const FunctionDecl *
resolveCallee(const CallExpr *Call,
              const llvm::DenseSet<const VarDecl *> &Reassigned) {
  if (const FunctionDecl *FD = Call->getDirectCallee())
    return FD;
  const Expr *Callee = Call->getCallee()->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(Callee))
    if (U->getOpcode() == UO_Deref)
      Callee = U->getSubExpr()->IgnoreParenCasts();
  // A const pointer, or a local nobody assigns or takes the address of,
  // always holds its initializer, which may be another such variable.
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    const auto *Ref = dyn_cast<DeclRefExpr>(Callee);
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!V || !V->getInit() || V->getType().isVolatileQualified() ||
        V->isWeak())
      return nullptr;
    bool Fixed = V->getType().isConstQualified() ||
                 (V->hasLocalStorage() && !isa<ParmVarDecl>(V) &&
                  !Reassigned.contains(V));
    if (!Fixed)
      return nullptr;
    if (const FunctionDecl *FD = functionDesignator(V->getInit()))
      return FD;
    Callee = V->getInit()->IgnoreParenCasts();
  }
  return nullptr;
}

/// Whether the body in this file is the one that runs: a weak definition
/// may be replaced at link time.
/// `a` for `a[i]` when a is an array (not a pointer).
static const Expr *subscriptedArray(const ArraySubscriptExpr *A) {
  const auto *Decay = dyn_cast<ImplicitCastExpr>(A->getBase()->IgnoreParens());
  return Decay && Decay->getCastKind() == CK_ArrayToPointerDecay
             ? Decay->getSubExpr()
             : nullptr;
}

/// What \p E is a part of, through parentheses, implicit casts, `.`
/// members and array elements: `v` for `v.a[1]`, `q->s` for `q->s.b`.
static const Expr *wholeObject(const Expr *E) {
  for (;;) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(E); ME && !ME->isArrow()) {
      E = ME->getBase();
      continue;
    }
    if (const auto *A = dyn_cast<ArraySubscriptExpr>(E)) {
      E = subscriptedArray(A);
      if (!E)
        return nullptr;
      continue;
    }
    return E;
  }
}

static const VarDecl *namedVariable(const Expr *E) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

const VarDecl *namedStorage(const Expr *E) {
  return namedVariable(wholeObject(E));
}

const VarDecl *pointedStorage(const Expr *E) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(wholeObject(E));
  return ME && ME->isArrow()
             ? namedVariable(ME->getBase()->IgnoreParenImpCasts())
             : nullptr;
}

std::optional<uint64_t> constantElement(const ArraySubscriptExpr *A,
                                        const ASTContext &Ctx) {
  const Expr *Array = subscriptedArray(A);
  const auto *Type =
      Array ? Ctx.getAsConstantArrayType(Array->getType()) : nullptr;
  if (!Type) // most subscripts index pointers: no constant to fold
    return std::nullopt;
  auto Index = A->getIdx()->getIntegerConstantExpr(Ctx);
  if (!Index || Index->isNegative() || Index->getActiveBits() > 63 ||
      Index->getZExtValue() >= Type->getSize().getZExtValue())
    return std::nullopt;
  return Index->getZExtValue();
}

void StorageExposure::visit(const Stmt *S,
                            llvm::function_ref<void(const Expr *)> Expose) {
  if (const auto *U = dyn_cast<UnaryOperator>(S)) {
    if (U->getOpcode() == UO_AddrOf)
      Expose(U->getSubExpr());
  } else if (const auto *A = dyn_cast<ArraySubscriptExpr>(S)) {
    if (constantElement(A, Ctx))
      IndexedAtOnce.insert(A->getBase()->IgnoreParens());
  } else if (const auto *Cast = dyn_cast<ImplicitCastExpr>(S)) {
    if (Cast->getCastKind() == CK_ArrayToPointerDecay &&
        !IndexedAtOnce.contains(Cast))
      Expose(Cast->getSubExpr());
  } else if (const auto *Asm = dyn_cast<AsmStmt>(S)) {
    for (const Stmt *Child : Asm->children())
      if (const auto *E = dyn_cast_or_null<Expr>(Child))
        Expose(E);
  }
}

/// The sets aliasedVariables found, by body; the plugin analyses one unit
/// per process at a time and clears them when it ends.
static llvm::DenseMap<const Stmt *,
                      std::unique_ptr<llvm::DenseSet<const VarDecl *>>> &
aliasedSets() {
  static llvm::DenseMap<const Stmt *,
                        std::unique_ptr<llvm::DenseSet<const VarDecl *>>>
      Sets;
  return Sets;
}

void clearAliasedVariables() { aliasedSets().clear(); }

const llvm::DenseSet<const VarDecl *> &aliasedVariables(const Stmt *Body,
                                                        const ASTContext &Ctx) {
  std::unique_ptr<llvm::DenseSet<const VarDecl *>> &Slot = aliasedSets()[Body];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<llvm::DenseSet<const VarDecl *>>();
  llvm::DenseSet<const VarDecl *> &Aliased = *Slot;
  StorageExposure Exposure(Ctx);
  forEachBodyStmt(Body, [&](const Stmt *S) {
    Exposure.visit(S, [&](const Expr *E) {
      if (const VarDecl *V = namedStorage(E))
        Aliased.insert(V);
    });
    if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Decls->decls())
        if (D->hasAttr<CleanupAttr>())
          Aliased.insert(cast<VarDecl>(D));
    } else if (const auto *Block = dyn_cast<BlockExpr>(S)) {
      for (const BlockDecl::Capture &C : Block->getBlockDecl()->captures())
        Aliased.insert(C.getVariable());
    }
    return true;
  });
  return Aliased;
}

const Expr *statementValue(const StmtExpr *E) {
  const CompoundStmt *Body = E->getSubStmt();
  if (Body->body_empty())
    return nullptr;
  const Stmt *Value = Body->getStmtExprResult();
  while (const auto *Label = dyn_cast<LabelStmt>(Value))
    Value = Label->getSubStmt();
  return dyn_cast<Expr>(Value);
}

bool isNullConstant(const Expr *E, const ASTContext &Ctx) {
  return E->IgnoreParenCasts()->isNullPointerConstant(
      const_cast<ASTContext &>(Ctx), Expr::NPC_ValueDependentIsNotNull);
}

bool hasKnownBody(const FunctionDecl *FD) {
  const FunctionDecl *Def = FD->getDefinition();
  return Def && Def->hasBody() && !Def->isWeak();
}

/// NULL, 0, (char **)0 and the like.
std::string spelling(const Expr *E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Begin = E->getBeginLoc(), End = E->getEndLoc();
  // KEEP(malloc(8)) names malloc(8), the macro argument, not the macro.
  if (SM.isMacroArgExpansion(Begin) && SM.isMacroArgExpansion(End)) {
    Begin = SM.getSpellingLoc(Begin);
    End = SM.getSpellingLoc(End);
  }
  CharSourceRange Range = SM.getExpansionRange(SourceRange(Begin, End));
  std::string Text = Lexer::getSourceText(Range, SM, Ctx.getLangOpts()).str();
  // One line, and short enough for a message.
  std::string Flat;
  bool Space = false;
  for (char C : Text) {
    bool IsSpace = C == ' ' || C == '\t' || C == '\n' || C == '\r';
    if (IsSpace && !Flat.empty())
      Space = true;
    else if (!IsSpace) {
      if (Space)
        Flat += ' ';
      Space = false;
      Flat += C;
    }
  }
  if (Flat.size() > 60)
    Flat = Flat.substr(0, 57) + "...";
  return Flat.empty() ? "allocation" : Flat;
}

} // namespace cescape
