//===- FixIt.cpp - rewriting a heap allocation as a stack array -----------===//
#include "FixIt.h"
#include "ClangCompat.h"
#include "SizeFold.h"
#include "utils/Spelling.h"
#include "utils/StmtWalk.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace cescape::escape {
namespace {

/// The outermost expression that only converts \p E: `(char *)malloc(n)`.
const Expr *conversionsAbove(const Expr *E, const ParentMap &Parents) {
  const Stmt *S = E;
  while (const Stmt *P = Parents.getParent(S)) {
    if (!isa<ParenExpr>(P) && !isa<ImplicitCastExpr>(P) &&
        !isa<CStyleCastExpr>(P))
      break;
    S = P;
  }
  return cast<Expr>(S);
}

/// The local variable the allocation is directly stored in, if any.
const VarDecl *directTarget(const CallExpr *Call, const ParentMap &Parents) {
  const Expr *Top = conversionsAbove(Call, Parents);
  const Stmt *P = Parents.getParent(Top);
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(P)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        if (V->getInit() == Top)
          return V;
    return nullptr;
  }
  if (const auto *B = dyn_cast_or_null<BinaryOperator>(P))
    if (B->getOpcode() == BO_Assign && B->getRHS() == Top)
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts()))
        return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

/// The text \p E is written with, when it can be rewritten on its own:
/// spelled in the file, or exactly one macro invocation there (curl's
/// `malloc(n)` standing for `Curl_cmalloc(n)`). Invalid inside a macro's
/// body or arguments, where the text may stand for more than \p E.
CharSourceRange rewritableText(const Expr *E, const SourceManager &SM,
                               const LangOptions &LO) {
  CharSourceRange Text = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM, LO);
  SourceLocation Begin = E->getBeginLoc(), End = E->getEndLoc();
  if (Text.isInvalid() ||
      (Begin.isMacroID() && (SM.isMacroArgExpansion(Begin) ||
                             SM.getExpansionLoc(Begin) != Text.getBegin())) ||
      (End.isMacroID() && SM.isMacroArgExpansion(End)))
    return {};
  return Text;
}

bool isUnspellable(QualType T) {
  if (const auto *Tag = T->getAs<TagType>()) {
    const TagDecl *D = Tag->getDecl();
    if (!D->getIdentifier() && !D->getTypedefNameForAnonDecl() &&
        !isa<TypedefType>(T.getTypePtr()))
      return true;
  }
  return false;
}

bool hasFlexibleArray(QualType T) {
  if (const auto *R = T->getAsRecordDecl())
    return R->hasFlexibleArrayMember();
  return false;
}

std::string uniqueName(llvm::StringRef Base, llvm::StringRef Suffix,
                       ASTContext &Ctx, NameCounters &Used) {
  // Names of one stem are numbered on from the last one given (counting
  // from 1 for each made a batch quadratic); a stem ends in Suffix, so no
  // numbered name of one stem is another stem.
  std::string Stem = (Base + Suffix).str();
  unsigned &Next = Used[Stem];
  for (unsigned I = std::max(Next, 1u);; ++I) {
    std::string Name = Stem + (I > 1 ? std::to_string(I) : "");
    if (Ctx.Idents.find(Name) == Ctx.Idents.end()) {
      Next = I + 1;
      return Name;
    }
  }
}

/// The whitespace that starts the line of \p Loc.
std::string indentOf(SourceLocation Loc, const SourceManager &SM) {
  auto [File, Offset] = SM.getDecomposedLoc(Loc);
  llvm::StringRef Buffer = SM.getBufferData(File);
  size_t LineStart = Buffer.rfind('\n', Offset ? Offset - 1 : 0);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  llvm::StringRef Prefix = Buffer.slice(LineStart, Offset);
  return Prefix.take_while([](char C) { return C == ' ' || C == '\t'; }).str();
}

/// Whether a label or case lies between \p From and \p To in \p Body: a
/// jump to it skips what is declared at From.
bool hasLabelBetween(const Stmt *Body, SourceLocation From, SourceLocation To,
                     const SourceManager &SM) {
  return !forEachBodyStmt(Body, [&](const Stmt *S) {
    return !((isa<LabelStmt>(S) || isa<SwitchCase>(S)) &&
             SM.isBeforeInTranslationUnit(From, S->getBeginLoc()) &&
             SM.isBeforeInTranslationUnit(S->getBeginLoc(), To));
  });
}

/// A call to a deallocator written as a statement of its own: `free(p);`
/// in a block, or the body of an if/else, loop, label or case.
struct FreeStatement {
  CharSourceRange Call; ///< the call's text
  FileID File;
  unsigned End; ///< offset just past the statement's `;`
  bool InBlock; ///< in a block, not a body
};

std::optional<FreeStatement> freeStatement(const CallExpr *Free,
                                           const ParentMap &Parents,
                                           const SourceManager &SM,
                                           const LangOptions &LO) {
  const Expr *Top = conversionsAbove(Free, Parents);
  const Stmt *P = Parents.getParent(Top);
  CharSourceRange Call = rewritableText(Top, SM, LO);
  if (!P || Call.isInvalid())
    return std::nullopt;
  bool InBlock = isa<CompoundStmt>(P);
  bool IsBody = false;
  if (const auto *If = dyn_cast<IfStmt>(P))
    IsBody = If->getThen() == Top || If->getElse() == Top;
  else if (const auto *W = dyn_cast<WhileStmt>(P))
    IsBody = W->getBody() == Top;
  else if (const auto *D = dyn_cast<DoStmt>(P))
    IsBody = D->getBody() == Top;
  else if (const auto *F = dyn_cast<ForStmt>(P))
    IsBody = F->getBody() == Top;
  else if (const auto *L = dyn_cast<LabelStmt>(P))
    IsBody = L->getSubStmt() == Top;
  else if (const auto *C = dyn_cast<SwitchCase>(P))
    IsBody = C->getSubStmt() == Top;
  if (!InBlock && !IsBody)
    return std::nullopt;
  // The `;` is found in the text itself.
  FileID File = SM.getFileID(Call.getEnd());
  unsigned End = SM.getFileOffset(Call.getEnd());
  llvm::StringRef Buffer = SM.getBufferData(File);
  while (End < Buffer.size() && (Buffer[End] == ' ' || Buffer[End] == '\t'))
    ++End;
  if (End >= Buffer.size() || Buffer[End] != ';')
    return std::nullopt;
  return FreeStatement{Call, File, End + 1, InBlock};
}

/// Removes `free(p);`, with its line when it is alone on it. A body keeps
/// its `;`: `if (p) ;` still guards nothing, never the next line.
void removeFree(const FreeStatement &Free, const SourceManager &SM,
                std::vector<FixItHint> &Hints) {
  if (!Free.InBlock) {
    Hints.push_back(FixItHint::CreateRemoval(Free.Call));
    return;
  }
  unsigned Begin = SM.getFileOffset(Free.Call.getBegin()), End = Free.End;
  llvm::StringRef Buffer = SM.getBufferData(Free.File);
  size_t LineStart = Buffer.rfind('\n', Begin ? Begin - 1 : 0);
  size_t LineEnd = Buffer.find('\n', End);
  auto Blank = [](llvm::StringRef S) { return S.trim().empty(); };
  if (LineStart != llvm::StringRef::npos && LineEnd != llvm::StringRef::npos &&
      Blank(Buffer.slice(LineStart, Begin)) &&
      Blank(Buffer.slice(End, LineEnd))) {
    Begin = LineStart; // from the previous line's end: "\n  free(p);"
    End = LineEnd;
  }
  SourceLocation FileStart = SM.getLocForStartOfFile(Free.File);
  Hints.push_back(FixItHint::CreateRemoval(CharSourceRange::getCharRange(
      FileStart.getLocWithOffset(Begin), FileStart.getLocWithOffset(End))));
}

/// The text of \p E when evaluating it once more gives the same value:
/// no side effects, written in the file or in a macro's arguments there.
std::optional<std::string> repeatableText(const Expr *E,
                                          const ASTContext &Ctx) {
  if (E->HasSideEffects(Ctx, /*IncludePossibleEffects=*/true))
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Text = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Ctx.getLangOpts());
  if (Text.isInvalid())
    return std::nullopt;
  return Lexer::getSourceText(Text, SM, Ctx.getLangOpts()).str();
}

/// Where the array for \p Site goes: before the declaration of the
/// outermost variable that may hold the address (a parameter means the top
/// of the body), with that line's indentation.
struct Placement {
  const VarDecl *Target; ///< the variable the call is stored in
  QualType Pointee;
  CharSourceRange CallText;
  SourceLocation InsertAt;
  std::string Indent;
  bool AtBodyTop;
};

/// The holder declared in the outermost scope (the earliest among equals):
/// the array must live as long as it.
const Location *outermostHolder(llvm::ArrayRef<Location *> Holders,
                                const SourceManager &SM) {
  const Location *Outer = nullptr;
  for (const Location *H : Holders) {
    if (!Outer || H->ScopeDepth < Outer->ScopeDepth ||
        (H->ScopeDepth == Outer->ScopeDepth && H->Anchor && Outer->Anchor &&
         SM.isBeforeInTranslationUnit(H->Anchor->getBeginLoc(),
                                      Outer->Anchor->getBeginLoc())))
      Outer = H;
  }
  return Outer;
}

/// \p Target: the variable the call is stored in (directTarget); \p Outer:
/// the outermost of \p Holders.
std::optional<Placement> place(const AllocSite &Site, const VarDecl *Target,
                               llvm::ArrayRef<Location *> Holders,
                               const Location *Outer, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange CallText = rewritableText(Site.Call, SM, Ctx.getLangOpts());
  if (!Target || !Target->getType()->isPointerType() || CallText.isInvalid())
    return std::nullopt;
  if (!Outer || llvm::none_of(Holders, [&](const Location *H) {
        return H->Var == Target;
      }))
    return std::nullopt;
  Placement Out{
      Target,   Target->getType()->getPointeeType().getUnqualifiedType(),
      CallText, {},
      {},       Outer->isParam()};
  if (Out.AtBodyTop) {
    const auto *Body = dyn_cast<CompoundStmt>(Site.Loc->Fn->getBody());
    if (!Body || Body->body_empty() || Body->getLBracLoc().isMacroID())
      return std::nullopt;
    Out.InsertAt = Body->getLBracLoc().getLocWithOffset(1);
    Out.Indent = indentOf(Body->body_front()->getBeginLoc(), SM);
  } else {
    const Stmt *Anchor = Outer->Anchor;
    if (!Anchor || isa<SwitchCase>(Anchor) || isa<LabelStmt>(Anchor) ||
        Anchor->getBeginLoc().isMacroID())
      return std::nullopt;
    Out.InsertAt = Anchor->getBeginLoc();
    Out.Indent = indentOf(Out.InsertAt, SM);
  }
  return Out;
}

FixItHint insertDeclaration(const Placement &At, const std::string &Decl) {
  return FixItHint::CreateInsertion(At.InsertAt,
                                    At.AtBodyTop ? "\n" + At.Indent + Decl + ";"
                                                 : Decl + ";\n" + At.Indent);
}

} // namespace

StackRewrite planStackRewrite(const AllocSite &Site, uint64_t Size,
                              llvm::ArrayRef<Location *> Holders,
                              const ParentMap &Parents, ASTContext &Ctx,
                              NameCounters &UsedNames) {
  StackRewrite Out;
  const SourceManager &SM = Ctx.getSourceManager();
  const CallExpr *Call = Site.Call;
  const VarDecl *Target = directTarget(Call, Parents);

  // The element type: the pointee when it is spelled and divides the size,
  // else bytes aligned like malloc's.
  uint64_t MaxAlign = Ctx.getTargetInfo().getSuitableAlign() / 8;
  uint64_t Align = MaxAlign;
  if (Site.AlignArg) {
    Expr::EvalResult R;
    if (Site.AlignArg->EvaluateAsInt(R, Ctx))
      Align = std::max<uint64_t>(Align, R.Val.getInt().getZExtValue());
  }
  QualType Pointee;
  if (Target && Target->getType()->isPointerType())
    Pointee = Target->getType()->getPointeeType().getUnqualifiedType();
  bool Typed = !Pointee.isNull() && !Pointee->isVoidType() &&
               !Pointee->isCharType() && Pointee->isConstantSizeType() &&
               !Pointee->isIncompleteType() && !Pointee->isFunctionType() &&
               !hasFlexibleArray(Pointee) && !isUnspellable(Pointee);
  uint64_t ElemSize = Typed ? Ctx.getTypeSizeInChars(Pointee).getQuantity() : 1;
  if (!Typed || ElemSize == 0 || Size % ElemSize != 0) {
    Typed = false;
    ElemSize = 1;
  }
  QualType Elem =
      Typed
          ? Pointee
          : (!Pointee.isNull() && Pointee->isCharType() ? Pointee : Ctx.CharTy);
  uint64_t ElemAlign = Ctx.getTypeAlignInChars(Elem).getQuantity();
  std::string Name = uniqueName(Target ? Target->getName() : "buf", "_storage",
                                Ctx, UsedNames);
  QualType Array =
      Ctx.getConstantArrayType(Elem, llvm::APInt(64, Size / ElemSize), nullptr,
                               ArraySizeModifier::Normal, 0);
  llvm::raw_string_ostream OS(Out.Declaration);
  // A typed array is aligned for its type; bytes need malloc's alignment.
  if ((!Typed && Align > ElemAlign) || (Typed && Align > MaxAlign))
    OS << alignmentSpecifier(Align, Ctx.getLangOpts()) << " ";
  PrintingPolicy Policy = Ctx.getPrintingPolicy();
  Array.print(OS, Policy, Name);
  OS.flush();
  std::string Declaration = Out.Declaration; // without the initializer
  const Location *Outer = outermostHolder(Holders, SM);
  if (Outer && Outer->Var)
    Out.Scope = Outer->isParam()
                    ? "at the top of the function"
                    : "beside '" + Outer->Var->getName().str() + "'";
  bool Zeroed = Site.Kind == AllocKind::Calloc;
  if (Zeroed)
    Out.Declaration += " = {0}";

  // Only plain allocators are rewritten; the rest get the suggestion alone.
  bool Rewritable = Site.Kind == AllocKind::Malloc ||
                    Site.Kind == AllocKind::Calloc ||
                    Site.Kind == AllocKind::Aligned;
  std::optional<Placement> At = place(Site, Target, Holders, Outer, Ctx);
  if (!Rewritable || !At)
    return Out;
  // A label or case between the array and the call can jump past `= {0}`,
  // and an array declared outside a loop the call is in is zeroed once for
  // all iterations: then the call itself zeroes the array, each time it runs.
  bool ZeroAtCall =
      Zeroed && (!inLoopsOf(Site.Loc->Loops, Outer->Loops) ||
                 hasLabelBetween(Site.Loc->Fn->getBody(), At->InsertAt,
                                 At->CallText.getBegin(), SM));
  std::vector<FixItHint> Hints{
      insertDeclaration(*At, ZeroAtCall ? Declaration : Out.Declaration)};
  bool SameType = Typed || Ctx.hasSameUnqualifiedType(Elem, Pointee);
  std::string Value = SameType ? Name : "(void *)" + Name;
  if (ZeroAtCall)
    Value = "(__builtin_memset(" + Name + ", 0, sizeof " + Name + "), " +
            Value + ")";
  Hints.push_back(FixItHint::CreateReplacement(At->CallText, Value));
  for (const CallExpr *Free : Site.Frees) {
    auto Statement = freeStatement(Free, Parents, SM, Ctx.getLangOpts());
    if (!Statement)
      return Out;
    removeFree(*Statement, SM, Hints);
  }
  Out.Hints = std::move(Hints);
  return Out;
}

StackRewrite
planSmallBuffer(const AllocSite &Site, uint64_t Bytes,
                llvm::ArrayRef<Location *> Holders, const ParentMap &Parents,
                ASTContext &Ctx, NameCounters &UsedNames,
                const llvm::DenseSet<const VarDecl *> &Reassigned) {
  StackRewrite Out;
  const SourceManager &SM = Ctx.getSourceManager();
  if ((Site.Kind != AllocKind::Malloc && Site.Kind != AllocKind::Calloc) ||
      !Site.Replaceable || !Site.SizeScale)
    return Out;
  std::optional<Placement> At =
      place(Site, directTarget(Site.Call, Parents), Holders,
            outermostHolder(Holders, SM), Ctx);
  if (!At)
    return Out;
  // size = Factor * Variable: one argument that is not constant, the rest
  // folded into Factor, so the test `Variable <= sizeof buf / Factor`
  // cannot overflow where the allocator's own product would not.
  uint64_t Factor = *Site.SizeScale;
  const Expr *Variable = nullptr;
  for (const Expr *Arg : Site.SizeArgs) {
    if (auto V = foldConstant(Arg, Ctx, Reassigned)) {
      if (__builtin_mul_overflow(Factor, *V, &Factor))
        return Out;
    } else if (Variable) {
      return Out;
    } else {
      Variable = Arg;
    }
  }
  std::optional<std::string> VariableText;
  if (Variable)
    VariableText = repeatableText(Variable, Ctx);
  if (!VariableText || Factor == 0 || Factor > Bytes)
    return Out;

  uint64_t Align = Ctx.getTargetInfo().getSuitableAlign() / 8;
  if (!At->Pointee->isIncompleteType() && !At->Pointee->isFunctionType() &&
      !At->Pointee->isVoidType())
    Align = std::max<uint64_t>(
        Align, Ctx.getTypeAlignInChars(At->Pointee).getQuantity());
  std::string Name =
      uniqueName(At->Target->getName(), "_small", Ctx, UsedNames);
  Out.Declaration = alignmentSpecifier(Align, Ctx.getLangOpts()) + " char " +
                    Name + "[" + std::to_string(Bytes) + "]";
  std::string Buffer = "(void *)" + Name;
  if (Site.Kind == AllocKind::Calloc)
    Buffer = "(__builtin_memset(" + Name + ", 0, sizeof " + Name + "), " +
             Buffer + ")";
  std::string Limit = "sizeof " + Name;
  if (Factor > 1)
    Limit += " / " + std::to_string(Factor);
  std::string CallText =
      Lexer::getSourceText(At->CallText, SM, Ctx.getLangOpts()).str();
  std::vector<FixItHint> Hints{insertDeclaration(*At, Out.Declaration)};
  Hints.push_back(FixItHint::CreateReplacement(
      At->CallText, "((__SIZE_TYPE__)(" + *VariableText + ") <= " + Limit +
                        " ? " + Buffer + " : " + CallText + ")"));
  // Each free skips the buffer: `if (p != (void *)p_small) free(p);`.
  for (const CallExpr *Free : Site.Frees) {
    auto Statement = freeStatement(Free, Parents, SM, Ctx.getLangOpts());
    std::optional<std::string> Freed;
    if (Statement && Free->getNumArgs() == 1)
      Freed = repeatableText(Free->getArg(0), Ctx);
    if (!Freed)
      return Out;
    std::string Guarded =
        "if (" + *Freed + " != (void *)" + Name + ") " +
        Lexer::getSourceText(Statement->Call, SM, Ctx.getLangOpts()).str() +
        ";";
    SourceLocation End = SM.getLocForStartOfFile(Statement->File)
                             .getLocWithOffset(Statement->End);
    Hints.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getCharRange(Statement->Call.getBegin(), End),
        Statement->InBlock ? Guarded : "{ " + Guarded + " }"));
  }
  Out.Hints = std::move(Hints);
  return Out;
}

} // namespace cescape::escape
