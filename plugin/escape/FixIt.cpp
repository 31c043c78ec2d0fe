//===- FixIt.cpp - rewriting a heap allocation as a stack array -----------===//
#include "FixIt.h"
#include "StmtWalk.h"

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

std::string uniqueName(llvm::StringRef Base, ASTContext &Ctx,
                       llvm::StringSet<> &Used) {
  for (unsigned I = 1;; ++I) {
    std::string Name =
        Base.str() + "_storage" + (I > 1 ? std::to_string(I) : "");
    if (!Used.contains(Name) && Ctx.Idents.find(Name) == Ctx.Idents.end()) {
      Used.insert(Name);
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
  return !forEachStmt(Body, [&](const Stmt *S) {
    return !((isa<LabelStmt>(S) || isa<SwitchCase>(S)) &&
             SM.isBeforeInTranslationUnit(From, S->getBeginLoc()) &&
             SM.isBeforeInTranslationUnit(S->getBeginLoc(), To));
  });
}

/// Removes the statement `free(p);` (or leaves `;` where a statement must
/// stay, as in `if (p) free(p);`). False when the call is not a statement.
bool removeFree(const CallExpr *Free, const ParentMap &Parents,
                const SourceManager &SM, const LangOptions &LO,
                std::vector<FixItHint> &Hints) {
  const Expr *Top = conversionsAbove(Free, Parents);
  const Stmt *P = Parents.getParent(Top);
  CharSourceRange Range = rewritableText(Top, SM, LO);
  if (!P || Range.isInvalid())
    return false;
  if (isa<CompoundStmt>(P)) {
    // The statement is the call and its `;`, found in the text itself.
    auto [File, Begin] = SM.getDecomposedLoc(Range.getBegin());
    unsigned End = SM.getFileOffset(Range.getEnd());
    llvm::StringRef Buffer = SM.getBufferData(File);
    while (End < Buffer.size() && (Buffer[End] == ' ' || Buffer[End] == '\t'))
      ++End;
    if (End >= Buffer.size() || Buffer[End] != ';')
      return false;
    ++End;
    // Take the whole line when the statement is alone on it.
    size_t LineStart = Buffer.rfind('\n', Begin ? Begin - 1 : 0);
    size_t LineEnd = Buffer.find('\n', End);
    auto Blank = [](llvm::StringRef S) { return S.trim().empty(); };
    if (LineStart != llvm::StringRef::npos &&
        LineEnd != llvm::StringRef::npos &&
        Blank(Buffer.slice(LineStart, Begin)) &&
        Blank(Buffer.slice(End, LineEnd))) {
      Begin = LineStart; // from the previous line's end: "\n  free(p);"
      End = LineEnd;
    }
    SourceLocation FileStart = SM.getLocForStartOfFile(File);
    Hints.push_back(FixItHint::CreateRemoval(CharSourceRange::getCharRange(
        FileStart.getLocWithOffset(Begin), FileStart.getLocWithOffset(End))));
    return true;
  }
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
  if (!IsBody)
    return false;
  // Keep the `;`: `if (p) ;` still guards nothing, never the next line.
  Hints.push_back(FixItHint::CreateRemoval(Range));
  return true;
}

} // namespace

StackRewrite planStackRewrite(const AllocSite &Site, uint64_t Size,
                              llvm::ArrayRef<Location *> Holders,
                              const ParentMap &Parents, ASTContext &Ctx,
                              llvm::StringSet<> &UsedNames) {
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
  std::string Name =
      uniqueName(Target ? Target->getName() : "buf", Ctx, UsedNames);
  QualType Array =
      Ctx.getConstantArrayType(Elem, llvm::APInt(64, Size / ElemSize), nullptr,
                               ArraySizeModifier::Normal, 0);
  llvm::raw_string_ostream OS(Out.Declaration);
  // A typed array is aligned for its type; bytes need malloc's alignment.
  if ((!Typed && Align > ElemAlign) || (Typed && Align > MaxAlign))
    OS << "_Alignas(" << Align << ") ";
  PrintingPolicy Policy = Ctx.getPrintingPolicy();
  Array.print(OS, Policy, Name);
  OS.flush();
  std::string Declaration = Out.Declaration; // without the initializer
  bool Zeroed = Site.Kind == AllocKind::Calloc;
  if (Zeroed)
    Out.Declaration += " = {0}";

  // Only plain allocators are rewritten; the rest get the suggestion alone.
  bool Rewritable = Site.Kind == AllocKind::Malloc ||
                    Site.Kind == AllocKind::Calloc ||
                    Site.Kind == AllocKind::Aligned;
  CharSourceRange CallText = rewritableText(Call, SM, Ctx.getLangOpts());
  if (!Rewritable || !Target || CallText.isInvalid() || Pointee.isNull())
    return Out;

  // The array goes before the declaration of the outermost variable that
  // may hold the address; a parameter means the top of the body.
  const Location *Outer = nullptr;
  for (const Location *H : Holders) {
    if (!Outer || H->ScopeDepth < Outer->ScopeDepth ||
        (H->ScopeDepth == Outer->ScopeDepth && H->Anchor && Outer->Anchor &&
         SM.isBeforeInTranslationUnit(H->Anchor->getBeginLoc(),
                                      Outer->Anchor->getBeginLoc())))
      Outer = H;
  }
  if (!Outer || llvm::none_of(Holders, [&](const Location *H) {
        return H->Var == Target;
      }))
    return Out;
  std::vector<FixItHint> Hints;
  SourceLocation InsertAt;
  std::string Indent;
  if (Outer->isParam()) {
    const auto *Body = dyn_cast<CompoundStmt>(Site.Loc->Fn->getBody());
    if (!Body || Body->body_empty() || Body->getLBracLoc().isMacroID())
      return Out;
    InsertAt = Body->getLBracLoc().getLocWithOffset(1);
    Indent = indentOf(Body->body_front()->getBeginLoc(), SM);
  } else {
    const Stmt *Anchor = Outer->Anchor;
    if (!Anchor || isa<SwitchCase>(Anchor) || isa<LabelStmt>(Anchor) ||
        Anchor->getBeginLoc().isMacroID())
      return Out;
    InsertAt = Anchor->getBeginLoc();
    Indent = indentOf(InsertAt, SM);
  }
  // A label or case between the array and the call can jump past `= {0}`:
  // then the call itself zeroes the array, each time it runs.
  bool ZeroAtCall = Zeroed && hasLabelBetween(Site.Loc->Fn->getBody(), InsertAt,
                                              CallText.getBegin(), SM);
  std::string Decl = ZeroAtCall ? Declaration : Out.Declaration;
  Hints.push_back(FixItHint::CreateInsertion(
      InsertAt,
      Outer->isParam() ? "\n" + Indent + Decl + ";" : Decl + ";\n" + Indent));
  bool SameType = Typed || Ctx.hasSameUnqualifiedType(Elem, Pointee);
  std::string Value = SameType ? Name : "(void *)" + Name;
  if (ZeroAtCall)
    Value = "(__builtin_memset(" + Name + ", 0, sizeof " + Name + "), " +
            Value + ")";
  Hints.push_back(FixItHint::CreateReplacement(CallText, Value));
  for (const CallExpr *Free : Site.Frees)
    if (!removeFree(Free, Parents, SM, Ctx.getLangOpts(), Hints))
      return Out;
  Out.Hints = std::move(Hints);
  return Out;
}

} // namespace cescape::escape
