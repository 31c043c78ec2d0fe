//===- Build.cpp - statements and expressions into the escape graph -------===//
#include "Build.h"
#include "ClangCompat.h"
#include "LibcModel.h"
#include "utils/StmtWalk.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/AST/StmtVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace cescape::escape {

Builder::Builder(Graph &G, ASTContext &Ctx, const Options &Opts,
                 const SummaryMap &Summaries, const WrapperMap &Wrappers,
                 ReassignedVars &Reassigned)
    : G(G), Ctx(Ctx), SM(Ctx.getSourceManager()), Opts(Opts),
      Summaries(Summaries), Wrappers(Wrappers),
      AllReassigned(Reassigned), ConvertedToInteger{G.root(Reason::Integer),
                                                    0,
                                                    {},
                                                    "converted to an integer"} {
}

void Builder::declare(const FunctionDecl *FD) {
  G.Functions.emplace_back();
  FunctionInfo &F = G.Functions.back();
  F.Fn = FD;
  G.InfoByDecl[FD] = &F;
  F.Result = G.newLocation(LocKind::Result, FD);
  F.Frees = G.newLocation(LocKind::FreeSink, FD);
  for (unsigned I = 0; I < FD->getNumParams(); ++I) {
    const ParmVarDecl *P = FD->getParamDecl(I);
    Location *L = G.newLocation(LocKind::Local, FD);
    L->Var = P;
    L->ParamIndex = I;
    G.Vars[P] = L;
    bitsOnly(L, P->getType());
    F.Params.push_back(L);
    F.Locals.push_back(L);
    Location *Pointee = G.newLocation(LocKind::ParamPointee, FD);
    Pointee->ParamIndex = I;
    Pointee->RootReason = Reason::Param;
    Pointee->RootCertain = true;
    Pointee->Escapes = true;
    Pointee->EscapeCertain = true;
    Pointee->Why = Reason::Param;
    F.ParamPointees.push_back(Pointee);
  }
}

void Builder::build(const FunctionDecl *FD) {
  Fn = G.info(FD);
  ActiveLoops.clear();
  ScopeDepth = 0;
  CurrentAnchor = nullptr;
  CurrentBlock = nullptr;
  GotoLoops.clear();
  Reassigned = &AllReassigned.of(FD);
  const Stmt *Body = FD->getBody();
  Aliased = aliasedVariables(Body, Ctx);
  BodyFile = SM.getFileID(SM.getExpansionLoc(Body->getBeginLoc()));
  findBackwardGotos(Body);
  planDefinitions(Body);
  findHeldBlocks(Body);
  stmt(Body);
}

//===----------------------------------------------------------------------===//
// Loops
//===----------------------------------------------------------------------===//

void Builder::findBackwardGotos(const Stmt *Body) {
  llvm::DenseMap<const LabelDecl *, unsigned> Labels;
  std::vector<std::pair<const LabelDecl *, unsigned>> Gotos;
  constexpr unsigned Elsewhere = ~0u; // not in the body's file
  auto Offset = [&](SourceLocation Loc) {
    std::pair<FileID, unsigned> D = SM.getDecomposedExpansionLoc(Loc);
    return D.first == BodyFile ? D.second : Elsewhere;
  };
  forEachBodyStmt(Body, [&](const Stmt *S) {
    if (const auto *L = dyn_cast<LabelStmt>(S)) {
      Labels[L->getDecl()] = Offset(L->getBeginLoc());
    } else if (const auto *Goto = dyn_cast<GotoStmt>(S)) {
      Gotos.push_back({Goto->getLabel(), Offset(Goto->getEndLoc())});
    } else if (const auto *Asm = dyn_cast<GCCAsmStmt>(S)) {
      for (unsigned I = 0; I < Asm->getNumLabels(); ++I) // asm goto
        Gotos.push_back(
            {Asm->getLabelExpr(I)->getLabel(), Offset(Asm->getEndLoc())});
    } else if (isa<IndirectGotoStmt>(S) || isa<AddrLabelExpr>(S)) {
      Fn->LoopsWithoutStructure = true;
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      // setjmp returns again when longjmp jumps back to it.
      const FunctionDecl *Callee = Call->getDirectCallee();
      const LibcFunction *Libc =
          Callee && !hasKnownBody(Callee) ? lookupLibc(Callee) : nullptr;
      if ((Libc && Libc->Kind == LibcKind::Setjmp) ||
          (Callee && !Libc && !hasKnownBody(Callee) &&
           Callee->hasAttr<ReturnsTwiceAttr>()))
        Fn->LoopsWithoutStructure = true;
    }
    return true;
  });
  for (auto [Label, GotoOffset] : Gotos) {
    auto It = Labels.find(Label);
    if (It == Labels.end())
      continue;
    // A goto or label spelled in another file (an #included fragment):
    // where the loop is cannot be told.
    if (It->second == Elsewhere || GotoOffset == Elsewhere)
      Fn->LoopsWithoutStructure = true;
    else if (It->second <= GotoOffset)
      GotoLoops.push_back({It->second, GotoOffset, newLoop(nullptr)});
  }
}

LoopSet Builder::loopsAt(SourceLocation Loc, const Stmt *Scope) const {
  LoopSet Loops(ActiveLoops.begin(), ActiveLoops.end());
  if (!GotoLoops.empty()) {
    std::pair<FileID, unsigned> D = SM.getDecomposedExpansionLoc(Loc);
    std::pair<FileID, unsigned> ScopeBegin, ScopeEnd;
    if (Scope) {
      ScopeBegin = SM.getDecomposedExpansionLoc(Scope->getBeginLoc());
      ScopeEnd = SM.getDecomposedExpansionLoc(Scope->getEndLoc());
    }
    for (const GotoLoop &L : GotoLoops) {
      // A goto loop within a variable's block does not end its lifetime:
      // a pass that jumps over the declaration finds the last pass's value.
      bool Survives = Scope && ScopeBegin.first == BodyFile &&
                      ScopeEnd.first == BodyFile &&
                      ScopeBegin.second <= L.Begin && L.End <= ScopeEnd.second;
      if (!Survives &&
          (D.first != BodyFile || (L.Begin <= D.second && D.second <= L.End)))
        Loops.push_back(L.Id);
    }
  }
  llvm::sort(Loops);
  return Loops;
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

void Builder::stmt(const Stmt *S) {
  if (!S)
    return;
  if (const auto *E = dyn_cast<Expr>(S)) {
    expr(Hole(), E);
    return;
  }
  switch (S->getStmtClass()) {
  case Stmt::CompoundStmtClass:
    compound(cast<CompoundStmt>(S));
    return;
  case Stmt::DeclStmtClass:
    declStmt(cast<DeclStmt>(S));
    return;
  case Stmt::NullStmtClass:
  case Stmt::GotoStmtClass:
  case Stmt::ContinueStmtClass:
  case Stmt::BreakStmtClass:
    return;
  case Stmt::ReturnStmtClass:
    if (const Expr *V = cast<ReturnStmt>(S)->getRetValue())
      expr(Hole{Fn->Result, 0, S->getBeginLoc(), "return"}, V);
    return;
  case Stmt::IfStmtClass: {
    const auto *If = cast<IfStmt>(S);
    stmt(If->getInit());
    expr(Hole(), If->getCond());
    stmt(If->getThen());
    stmt(If->getElse());
    return;
  }
  case Stmt::SwitchStmtClass: {
    const auto *Sw = cast<SwitchStmt>(S);
    stmt(Sw->getInit());
    expr(Hole(), Sw->getCond());
    stmt(Sw->getBody());
    return;
  }
  case Stmt::CaseStmtClass:
  case Stmt::DefaultStmtClass:
    stmt(cast<SwitchCase>(S)->getSubStmt());
    return;
  case Stmt::LabelStmtClass:
    stmt(cast<LabelStmt>(S)->getSubStmt());
    return;
  case Stmt::AttributedStmtClass:
    stmt(cast<AttributedStmt>(S)->getSubStmt());
    return;
  case Stmt::WhileStmtClass: {
    const auto *W = cast<WhileStmt>(S);
    enterLoop(W);
    expr(Hole(), W->getCond());
    stmt(W->getBody());
    exitLoop();
    return;
  }
  case Stmt::DoStmtClass: {
    const auto *D = cast<DoStmt>(S);
    enterLoop(D);
    stmt(D->getBody());
    expr(Hole(), D->getCond());
    exitLoop();
    return;
  }
  case Stmt::ForStmtClass: {
    const auto *F = cast<ForStmt>(S);
    stmt(F->getInit()); // runs once: at the outer depth
    enterLoop(F);
    expr(Hole(), F->getCond());
    expr(Hole(), F->getInc());
    stmt(F->getBody());
    exitLoop();
    return;
  }
  case Stmt::IndirectGotoStmtClass:
    expr(Hole(), cast<IndirectGotoStmt>(S)->getTarget());
    return;
  case Stmt::GCCAsmStmtClass:
  case Stmt::MSAsmStmtClass:
    asmStmt(S);
    return;
  default:
    // An OpenMP directive may run its body in other threads, and a task
    // after the function returns: every local it names is handed over.
    // Its clauses name them too (a firstprivate copy's source).
    if (const auto *Directive = dyn_cast<OMPExecutableDirective>(S)) {
      Hole Handed = rootHole(Reason::Thread, S->getBeginLoc(), "OpenMP");
      auto HandOver = [&](const Stmt *Below) {
        const auto *Ref = dyn_cast<DeclRefExpr>(Below);
        const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
        if (Location *L = G.Vars.lookup(V))
          G.flow(Handed.addr(), L);
        if (auto Split = Fields.find(V); Split != Fields.end())
          for (const FieldLocation &F : Split->second)
            G.flow(Handed.addr(), F.Loc);
        return true;
      };
      forEachStmt(S, HandOver);
      for (const OMPClause *Clause : Directive->clauses())
        for (const Stmt *Child : Clause->children())
          forEachStmt(Child, HandOver);
    }
    // Unknown statements: their expressions go to memory we cannot see.
    for (const Stmt *Child : S->children()) {
      if (const auto *E = dyn_cast_or_null<Expr>(Child))
        unknownExpr(Hole(), E);
      else
        stmt(Child);
    }
  }
}

void Builder::compound(const CompoundStmt *S) {
  const Stmt *SavedAnchor = CurrentAnchor;
  const CompoundStmt *SavedBlock = CurrentBlock;
  CurrentBlock = S;
  ++ScopeDepth;
  for (const Stmt *Child : S->body()) {
    CurrentAnchor = Child;
    stmt(Child);
  }
  --ScopeDepth;
  CurrentAnchor = SavedAnchor;
  CurrentBlock = SavedBlock;
}

void Builder::declStmt(const DeclStmt *S) {
  // Array sizes of variable length run too: `char copy[keep(v)];`.
  llvm::SmallPtrSet<const Stmt *, 4> Inits;
  for (const Decl *D : S->decls())
    if (const auto *V = dyn_cast<VarDecl>(D))
      Inits.insert(V->getInit());
  for (const Stmt *Child : S->children())
    if (const auto *E = dyn_cast_or_null<Expr>(Child); E && !Inits.count(E))
      expr(Hole(), E);
  for (const Decl *D : S->decls()) {
    if (const auto *T = dyn_cast<TypedefNameDecl>(D))
      typeSizes(T->getUnderlyingType(), /*SkipOuterArrays=*/true);
    const auto *V = dyn_cast<VarDecl>(D);
    if (!V)
      continue;
    typeSizes(V->getType(), /*SkipOuterArrays=*/true);
    if (!V->hasLocalStorage()) {
      // A static or extern local is a global in disguise.
      if (const Expr *Init = V->getInit())
        expr(Hole{G.root(Reason::Global), 0, V->getLocation(), "assign"}, Init);
      continue;
    }
    LoopSet Loops = loopsAt(V->getLocation(), CurrentBlock);
    if (splitFields(V, Loops)) {
      FieldPath Path;
      if (const Expr *Init = V->getInit())
        initFields(V, Path, Init, V->getLocation());
      continue; // no cleanup attribute: it would take the address
    }
    Location *L = newLocal(V, V->getType(), Loops);
    G.Vars[V] = L;
    if (Held.contains(V))
      addFieldLocations(V, V->getType()->getPointeeType(), Loops);
    if (const Expr *Init = V->getInit())
      expr(Hole{followsDefinitions(V) ? definitionLocation(V, Init) : L, 0,
                V->getLocation(), "assign"},
           Init);
    // __attribute__((cleanup(f))): f(&v) runs when the scope ends.
    if (const auto *Cleanup = V->getAttr<CleanupAttr>()) {
      Location *Addr = newTemp(nullptr, "'&" + V->getName().str() + "'");
      G.flow(Hole{Addr, -1, V->getLocation(), "cleanup"}, L);
      callFunction(Hole(), V->getLocation(), Cleanup->getFunctionDecl(),
                   {Addr});
    }
  }
}

void Builder::asmStmt(const Stmt *S) {
  const auto *A = cast<AsmStmt>(S);
  Hole ToAsm = rootHole(Reason::Asm, S->getBeginLoc(), "asm operand");
  // A memory operand ("m") hands the assembly the operand's address; any
  // other hands it the value.
  auto InMemory = [](llvm::StringRef Constraint) {
    return Constraint.find_first_of("moVQ") != llvm::StringRef::npos;
  };
  for (unsigned I = 0; I < A->getNumInputs(); ++I) {
    const Expr *In = A->getInputExpr(I);
    expr(InMemory(A->getInputConstraint(I)) ? ToAsm.addr() : ToAsm, In);
  }
  for (unsigned I = 0; I < A->getNumOutputs(); ++I) {
    const Expr *Out = A->getOutputExpr(I);
    llvm::StringRef Constraint = A->getOutputConstraint(I);
    if (InMemory(Constraint))
      expr(ToAsm.addr(), Out);
    else if (Constraint.contains('+')) // read as well as written
      expr(ToAsm, Out);
    // The assembly writes a value we cannot know into the output.
    G.flow(dest(Out), G.root(Reason::Heap));
  }
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

/// Values of these types carry no pointer. An integer made of one carries
/// none either: the cast that makes it is where the pointer goes out of
/// sight (Integers.cpp).
static bool cannotHoldPointer(QualType T) {
  T = T.getCanonicalType();
  return T->isVoidType() || T->isBooleanType() || T->isRealFloatingType() ||
         T->isAnyComplexType() || T->isIntegerType();
}

void Builder::expr(Hole K, const Expr *E) {
  if (!E)
    return;
  if (!K.discards() && K.Derefs >= 0 && cannotHoldPointer(E->getType()))
    K = integerHole(E->getType());
  switch (E->getStmtClass()) {
  case Stmt::DeclRefExprClass: {
    const ValueDecl *D = cast<DeclRefExpr>(E)->getDecl();
    const auto *V = dyn_cast<VarDecl>(D);
    if (!V)
      return; // functions and enumerators are not memory
    if (V->hasLocalStorage()) {
      auto It = G.Vars.find(V);
      llvm::SmallVector<Location *, 2> Reaching =
          reachingLocations(cast<DeclRefExpr>(E));
      if (!Reaching.empty())
        for (Location *D : Reaching)
          G.flow(K, D);
      else if (auto Split = Fields.find(V);
               Split != Fields.end() && !Held.contains(V))
        for (const FieldLocation &F : Split->second)
          G.flow(K, F.Loc);
      else if (It != G.Vars.end())
        G.flow(K, It->second);
      else
        G.flow(K, G.root(Reason::Heap)); // not seen: be safe
      return;
    }
    G.flow(K, G.root(Reason::Global));
    return;
  }
  case Stmt::UnaryExprOrTypeTraitExprClass: {
    // Only the size of a variable-length array is evaluated.
    const auto *U = cast<UnaryExprOrTypeTraitExpr>(E);
    if (U->isArgumentType())
      typeSizes(U->getArgumentType(), /*SkipOuterArrays=*/false);
    else if (U->getTypeOfArgument()->isVariablyModifiedType())
      expr(Hole(), U->getArgumentExpr());
    return;
  }
  case Stmt::IntegerLiteralClass:
  case Stmt::FloatingLiteralClass:
  case Stmt::CharacterLiteralClass:
  case Stmt::ImaginaryLiteralClass:
  case Stmt::FixedPointLiteralClass:
  case Stmt::StringLiteralClass: // static storage
  case Stmt::PredefinedExprClass:
  case Stmt::OffsetOfExprClass:
  case Stmt::AddrLabelExprClass:
  case Stmt::GNUNullExprClass:
  case Stmt::ImplicitValueInitExprClass:
  case Stmt::NoInitExprClass:
  case Stmt::SourceLocExprClass:
#if CESCAPE_HAS_EMBED_EXPR
  case Stmt::EmbedExprClass:
#endif
    return;
  case Stmt::ParenExprClass:
    expr(K, cast<ParenExpr>(E)->getSubExpr());
    return;
  case Stmt::ConstantExprClass:
    expr(K, cast<ConstantExpr>(E)->getSubExpr());
    return;
  case Stmt::ExprWithCleanupsClass:
    expr(K, cast<ExprWithCleanups>(E)->getSubExpr());
    return;
  case Stmt::ChooseExprClass:
    expr(K, cast<ChooseExpr>(E)->getChosenSubExpr());
    return;
  case Stmt::GenericSelectionExprClass: {
    const auto *GS = cast<GenericSelectionExpr>(E);
    if (!GS->isResultDependent())
      expr(K, GS->getResultExpr());
    return;
  }
  case Stmt::OpaqueValueExprClass:
    expr(K, cast<OpaqueValueExpr>(E)->getSourceExpr());
    return;
  case Stmt::ImplicitCastExprClass:
  case Stmt::CStyleCastExprClass:
  case Stmt::BuiltinBitCastExprClass:
    castExpr(K, cast<CastExpr>(E));
    return;
  case Stmt::UnaryOperatorClass: {
    const auto *U = cast<UnaryOperator>(E);
    switch (U->getOpcode()) {
    case UO_AddrOf:
      expr(K.addr().note(U->getBeginLoc(), "address-of"), U->getSubExpr());
      return;
    case UO_Deref:
      expr(loadHole(K, U, U->getSubExpr()), U->getSubExpr());
      return;
    case UO_LNot:
      expr(Hole(), U->getSubExpr());
      return;
    default: // ++ -- + - ~ __real __imag __extension__
      expr(K, U->getSubExpr());
      return;
    }
  }
  case Stmt::BinaryOperatorClass:
  case Stmt::CompoundAssignOperatorClass:
    binary(K, cast<BinaryOperator>(E));
    return;
  case Stmt::ConditionalOperatorClass: {
    const auto *C = cast<ConditionalOperator>(E);
    expr(Hole(), C->getCond());
    expr(K, C->getTrueExpr());
    expr(K, C->getFalseExpr());
    return;
  }
  case Stmt::BinaryConditionalOperatorClass: {
    const auto *C = cast<BinaryConditionalOperator>(E);
    expr(K, C->getCommon());
    expr(K, C->getFalseExpr());
    return;
  }
  case Stmt::MemberExprClass: {
    const auto *M = cast<MemberExpr>(E);
    if (readsPointerAsInteger(M) && K.Derefs >= 0 &&
        (K.Converted || !K.discards())) {
      Location *Object = objectAddress(M);
      if (K.Converted) {
        G.flow(loadHole(K, M, M->getBase()), Object);
        return;
      }
      // A struct member: its numbers may hold the union's pointers.
      G.flow(ConvertedToInteger.note(M->getOperatorLoc(), "read as numbers")
                 .deref(),
             Object);
    }
    FieldPath Path;
    if (const VarDecl *V = splitStorage(M, Path)) {
      for (Location *F : fieldsAt(V, Path))
        G.flow(K, F);
      return;
    }
    if (K.Converted && readsOwnField(M)) {
      expr(Hole(), M->getBase());
      return;
    }
    if (K.Converted && M->isArrow()) {
      // `((struct words *)&s)->w`, `rec->w`: pointers read as numbers.
      expr(K.Converted->note(M->getOperatorLoc(), "read as an integer").deref(),
           M->getBase());
      return;
    }
    expr(M->isArrow() ? K.deref().note(M->getOperatorLoc(), "dot of pointer")
                      : K,
         M->getBase());
    return;
  }
  case Stmt::ArraySubscriptExprClass: {
    const auto *A = cast<ArraySubscriptExpr>(E);
    FieldPath Path;
    if (const VarDecl *V = splitStorage(A, Path)) {
      for (Location *F : fieldsAt(V, Path))
        G.flow(K, F);
      return;
    }
    expr(loadHole(K, A, A->getBase()), A->getBase());
    expr(Hole(), A->getIdx());
    return;
  }
  case Stmt::CallExprClass:
    call(K, cast<CallExpr>(E));
    return;
  case Stmt::InitListExprClass: {
    const auto *IL = cast<InitListExpr>(E);
    for (const Expr *Init : IL->inits())
      expr(K, Init);
    return;
  }
  case Stmt::DesignatedInitExprClass:
    expr(K, cast<DesignatedInitExpr>(E)->getInit());
    return;
  case Stmt::CompoundLiteralExprClass: {
    const auto *CL = cast<CompoundLiteralExpr>(E);
    if (CL->isFileScope()) {
      expr(Hole(), CL->getInitializer());
      G.flow(K, G.root(Reason::Global));
      return;
    }
    Location *L = frameObject(CL, loopsAt(CL->getBeginLoc()));
    expr(Hole{L, 0, CL->getBeginLoc(), "compound literal"},
         CL->getInitializer());
    G.flow(K, L);
    return;
  }
  case Stmt::StmtExprClass: {
    const CompoundStmt *Body = cast<StmtExpr>(E)->getSubStmt();
    const Expr *Value = statementValue(cast<StmtExpr>(E));
    const Stmt *Last = Value ? Body->getStmtExprResult() : nullptr;
    ++ScopeDepth;
    const Stmt *SavedAnchor = CurrentAnchor;
    for (const Stmt *Child : Body->body()) {
      if (Child == Last) // the value, perhaps under labels
        expr(K, Value);
      else
        stmt(Child);
    }
    CurrentAnchor = SavedAnchor;
    --ScopeDepth;
    return;
  }
  case Stmt::BlockExprClass: {
    // A block may run later, anywhere: what it captures escapes, and a
    // __block variable is captured by address.
    const BlockDecl *B = cast<BlockExpr>(E)->getBlockDecl();
    Hole Anywhere = rootHole(Reason::Heap, E->getBeginLoc(), "captured");
    for (const BlockDecl::Capture &C : B->captures()) {
      auto It = G.Vars.find(C.getVariable());
      if (It == G.Vars.end())
        continue;
      G.flow(Anywhere, It->second);
      if (C.isByRef())
        G.flow(Anywhere.addr(), It->second);
    }
    G.flow(K, G.root(Reason::Heap));
    return;
  }
  case Stmt::VAArgExprClass:
    typeSizes(E->getType(), /*SkipOuterArrays=*/false);
    expr(Hole(), cast<VAArgExpr>(E)->getSubExpr());
    G.flow(K, G.root(Reason::Heap)); // whatever the caller passed
    return;
  default:
    unknownExpr(K, E);
  }
}

void Builder::typeSizes(QualType T, bool SkipOuterArrays) {
  const Type *Ty = T.getCanonicalType().getTypePtr();
  while (Ty->isVariablyModifiedType()) {
    if (const auto *A = dyn_cast<ArrayType>(Ty)) {
      if (const auto *V = dyn_cast<VariableArrayType>(A);
          V && V->getSizeExpr() && !SkipOuterArrays)
        expr(Hole(), V->getSizeExpr());
      Ty = A->getElementType().getTypePtr();
      continue;
    }
    SkipOuterArrays = false;
    if (const auto *P = dyn_cast<PointerType>(Ty))
      Ty = P->getPointeeType().getTypePtr();
    else if (const auto *F = dyn_cast<FunctionType>(Ty))
      Ty = F->getReturnType().getTypePtr();
    else
      return;
  }
}

void Builder::unknownExpr(Hole K, const Expr *E) {
  // Atomic builtins, blocks and anything new: every operand may go anywhere
  // and the value may be anything.
  Hole Anywhere = rootHole(Reason::Heap, E->getBeginLoc(), "unmodelled");
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child)) {
      expr(Anywhere, CE);
      if (CE->isLValue())
        expr(Anywhere.addr(), CE);
    }
  G.flow(K, G.root(Reason::Heap));
}

void Builder::castExpr(Hole K, const CastExpr *E) {
  if (const auto *Written = dyn_cast<ExplicitCastExpr>(E))
    typeSizes(Written->getTypeAsWritten(), /*SkipOuterArrays=*/false);
  if (isa<BuiltinBitCastExpr>(E)) {
    bitCast(K, E);
    return;
  }
  switch (E->getCastKind()) {
  case CK_PointerToIntegral:
    pointerToInteger(K, E);
    return;
  case CK_IntegralToPointer:
    integerToPointer(K, E);
    return;
  case CK_ArrayToPointerDecay:
    expr(K.addr().note(E->getBeginLoc(), "array decay"), E->getSubExpr());
    return;
  case CK_FunctionToPointerDecay:
  case CK_BuiltinFnToFnPtr:
  case CK_NullToPointer:
    expr(Hole(), E->getSubExpr());
    return;
  case CK_PointerToBoolean:
  case CK_IntegralToBoolean:
  case CK_FloatingToBoolean:
  case CK_ToVoid:
    expr(Hole(), E->getSubExpr());
    return;
  default: // copies and pointer casts keep the pointer
    expr(K, E->getSubExpr());
  }
}

void Builder::binary(Hole K, const BinaryOperator *E) {
  switch (E->getOpcode()) {
  case BO_Assign: {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->getLHS()->IgnoreParens());
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (followsDefinitions(V)) {
      // The value of `p = x` is this definition's, not what p held before.
      Location *D = definitionLocation(V, E->getRHS());
      expr(Hole{D, 0, E->getOperatorLoc(), "assign"}, E->getRHS());
      G.flow(K, D);
      return;
    }
    expr(dest(E->getLHS()).at(E->getOperatorLoc()), E->getRHS());
    if (!K.discards())
      expr(K, E->getLHS());
    return;
  }
  case BO_AddAssign:
  case BO_SubAssign:
  case BO_MulAssign:
  case BO_DivAssign:
  case BO_RemAssign:
  case BO_ShlAssign:
  case BO_ShrAssign:
  case BO_AndAssign:
  case BO_OrAssign:
  case BO_XorAssign:
    expr(dest(E->getLHS()).at(E->getOperatorLoc()), E->getRHS());
    if (!K.discards())
      expr(K, E->getLHS());
    return;
  case BO_Comma:
    expr(Hole(), E->getLHS());
    expr(K, E->getRHS());
    return;
  case BO_LT:
  case BO_GT:
  case BO_LE:
  case BO_GE:
  case BO_EQ:
  case BO_NE:
  case BO_LAnd:
  case BO_LOr:
  case BO_Cmp:
    expr(Hole(), E->getLHS());
    expr(Hole(), E->getRHS());
    return;
  case BO_Sub:
  case BO_And:
  case BO_Rem:
    if (carriesNoAddress(E)) {
      expr(Hole(), E->getLHS());
      expr(Hole(), E->getRHS());
      return;
    }
    if (E->getLHS()->getType()->isPointerType() &&
        E->getRHS()->getType()->isPointerType()) {
      // A difference of pointers that may hold an address: an integer
      // made of both.
      Hole Into = K.Converted ? K.Converted->at(E->getOperatorLoc()) : Hole();
      expr(Into, E->getLHS());
      expr(Into, E->getRHS());
      return;
    }
    [[fallthrough]];
  default: // arithmetic: pointer +- integer, and integers made of pointers
    expr(K, E->getLHS());
    expr(K, E->getRHS());
  }
}

Hole Builder::dest(const Expr *E) {
  E = E->IgnoreParens();
  SourceLocation Where = E->getBeginLoc();
  FieldPath Path;
  if (const VarDecl *V = splitStorage(E, Path))
    return writeAll(fieldsAt(V, Path), Where);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl())) {
      if (!V->hasLocalStorage())
        return Hole{G.root(Reason::Global), 0, Where, "assign to global"};
      auto It = G.Vars.find(V);
      if (It != G.Vars.end())
        return Hole{It->second, 0, Where, "assign"};
    }
    return rootHole(Reason::Heap, Where, "assign");
  }
  if (const auto *M = dyn_cast<MemberExpr>(E)) {
    if (M->getType()->isArithmeticType() && readsPointerAsInteger(M)) {
      writtenAsIntegers(objectAddress(M), Where);
      return Hole{newTemp(M), 0, Where, "assign"};
    }
    return M->isArrow() ? storeThrough(M->getBase(), M, Where)
                        : dest(M->getBase());
  }
  if (const auto *A = dyn_cast<ArraySubscriptExpr>(E)) {
    expr(Hole(), A->getIdx());
    const Expr *Base = A->getBase()->IgnoreParens();
    if (const auto *Decay = dyn_cast<ImplicitCastExpr>(Base))
      if (Decay->getCastKind() == CK_ArrayToPointerDecay)
        return dest(Decay->getSubExpr());
    return storeThrough(A->getBase(), A, Where);
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() == UO_Deref)
      return storeThrough(U->getSubExpr(), U, Where);
    if (U->getOpcode() == UO_Real || U->getOpcode() == UO_Imag ||
        U->getOpcode() == UO_Extension)
      return dest(U->getSubExpr());
  }
  if (const auto *CL = dyn_cast<CompoundLiteralExpr>(E)) {
    Location *L = frameObject(CL, loopsAt(CL->getBeginLoc()));
    return Hole{L, 0, Where, "assign"};
  }
  if (const auto *C = dyn_cast<CastExpr>(E))
    if (C->getCastKind() == CK_NoOp || C->getCastKind() == CK_LValueBitCast)
      return dest(C->getSubExpr());
  // Anything else: evaluate it for its effects, and the value goes to
  // memory we cannot see.
  expr(Hole(), E);
  return rootHole(Reason::Heap, Where, "assign");
}

Hole Builder::storeThrough(const Expr *Ptr, const Expr *Lvalue,
                           SourceLocation Where) {
  Location *P = temp(Ptr, Where, "store");
  if (Lvalue && Lvalue->getType()->isIntegerType() && viewsPointers(Ptr))
    writtenAsIntegers(P, Where);
  Location *V = newTemp(Lvalue); // named as the source says: `t->buckets`
  store(P, V, Where);
  if (storesOverNumbers(Ptr, Lvalue))
    G.flow(ConvertedToInteger.note(Where, "stored as bits"), V);
  return Hole{V, 0, Where, "store"};
}

Location *Builder::frameObject(const Expr *E, LoopSet Loops) {
  auto It = G.FrameObjects.find(E);
  if (It != G.FrameObjects.end())
    return It->second;
  Location *L = G.newLocation(LocKind::FrameObject, Fn->Fn, std::move(Loops));
  L->Site = E;
  L->Label = spelling(E, Ctx);
  G.FrameObjects[E] = L;
  Fn->Locals.push_back(L);
  return L;
}

Location *Builder::temp(const Expr *E, SourceLocation Where, const char *Why) {
  // A temporary holding a plain variable's value would be a copy of it:
  // use the variable itself (most call arguments and stored-through
  // pointers), which keeps graphs small.
  const Expr *Inner = E->IgnoreParens();
  while (const auto *C = dyn_cast<ImplicitCastExpr>(Inner)) {
    if (C->getCastKind() != CK_LValueToRValue && C->getCastKind() != CK_NoOp &&
        C->getCastKind() != CK_BitCast)
      break;
    Inner = C->getSubExpr()->IgnoreParens();
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Inner))
    if (Ref->getType()->isPointerType() && E->getType()->isPointerType() &&
        !followsDefinitions(dyn_cast<VarDecl>(Ref->getDecl())))
      if (Location *V = G.Vars.lookup(dyn_cast<VarDecl>(Ref->getDecl())))
        return V;
  Location *T = newTemp(E);
  expr(Hole{T, 0, Where, Why}, E);
  return T;
}

Location *Builder::newTemp(const Expr *Of, std::string Label) {
  Location *T = G.newLocation(LocKind::Temp, Fn->Fn);
  T->Site = Of;
  T->Label = std::move(Label);
  return T;
}

void Builder::store(Location *Ptr, Location *Val, SourceLocation Where) {
  G.Stores.push_back(Store{Ptr, Val, Where, {}});
}

Hole Builder::rootHole(Reason R, SourceLocation Where, const char *Why) {
  return Hole{G.root(R), 0, Where, Why};
}

} // namespace cescape::escape
