//===- SizeFold.cpp - constant sizes of allocations -----------------------===//
#include "SizeFold.h"
#include "Graph.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace cescape::escape {
namespace {

constexpr uint64_t Limit = uint64_t(1) << 62;

class Folder {
public:
  Folder(const ASTContext &Ctx, const llvm::DenseSet<const VarDecl *> &R)
      : Ctx(Ctx), Reassigned(R) {}

  std::optional<uint64_t> fold(const Expr *E, unsigned Depth = 0) {
    if (!E || Depth > 16)
      return std::nullopt;
    E = E->IgnoreParens();
    Expr::EvalResult R;
    if (!E->isValueDependent() && E->EvaluateAsInt(R, Ctx)) {
      llvm::APSInt V = R.Val.getInt();
      // (size_t)-1 and the like: a constant, and more than any stack.
      if (V.isNegative() || V.getActiveBits() > 62)
        return Limit;
      return V.getZExtValue();
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
      if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V) ||
          Reassigned.contains(V) || V->getType().isVolatileQualified() ||
          !V->getType()->isIntegerType() || !V->getInit())
        return std::nullopt;
      return fold(V->getInit(), Depth + 1);
    }
    if (const auto *C = dyn_cast<CastExpr>(E)) {
      if (!C->getType()->isIntegerType() ||
          !C->getSubExpr()->getType()->isIntegerType())
        return std::nullopt;
      auto V = fold(C->getSubExpr(), Depth + 1);
      if (V && Ctx.getTypeSize(C->getType()) < 64 &&
          *V >> Ctx.getTypeSize(C->getType()))
        return std::nullopt; // truncated: do not guess
      return V;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(E)) {
      auto L = fold(B->getLHS(), Depth + 1);
      auto R = fold(B->getRHS(), Depth + 1);
      if (!L || !R)
        return std::nullopt;
      uint64_t Out;
      switch (B->getOpcode()) {
      case BO_Add:
        if (__builtin_add_overflow(*L, *R, &Out))
          return std::nullopt;
        break;
      case BO_Sub:
        if (*L < *R)
          return std::nullopt;
        Out = *L - *R;
        break;
      case BO_Mul:
        if (__builtin_mul_overflow(*L, *R, &Out))
          return std::nullopt;
        break;
      case BO_Div:
        if (*R == 0)
          return std::nullopt;
        Out = *L / *R;
        break;
      case BO_Rem:
        if (*R == 0)
          return std::nullopt;
        Out = *L % *R;
        break;
      case BO_Shl:
        if (*R >= 62 || *L >= (Limit >> *R))
          return std::nullopt;
        Out = *L << *R;
        break;
      case BO_Shr:
        Out = *R >= 64 ? 0 : *L >> *R;
        break;
      case BO_And:
        Out = *L & *R;
        break;
      case BO_Or:
        Out = *L | *R;
        break;
      default:
        return std::nullopt;
      }
      return Out < Limit ? std::optional<uint64_t>(Out) : std::nullopt;
    }
    if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
      auto Cond = fold(C->getCond(), Depth + 1);
      if (!Cond)
        return std::nullopt;
      return fold(*Cond ? C->getTrueExpr() : C->getFalseExpr(), Depth + 1);
    }
    return std::nullopt;
  }

private:
  const ASTContext &Ctx;
  const llvm::DenseSet<const VarDecl *> &Reassigned;
};

} // namespace

std::optional<uint64_t>
foldConstant(const Expr *E, const ASTContext &Ctx,
             const llvm::DenseSet<const VarDecl *> &Reassigned) {
  return Folder(Ctx, Reassigned).fold(E);
}

std::optional<uint64_t>
allocationSize(const AllocSite &Site, const ASTContext &Ctx,
               const llvm::DenseSet<const VarDecl *> &Reassigned) {
  if (Site.Kind == AllocKind::Strdup) {
    const auto *Call = Site.Call;
    if (Call->getNumArgs() < 1)
      return std::nullopt;
    const auto *Lit =
        dyn_cast<StringLiteral>(Call->getArg(0)->IgnoreParenImpCasts());
    if (!Lit || Lit->getCharByteWidth() != 1)
      return std::nullopt;
    // strlen stops at an embedded NUL.
    uint64_t Len = Lit->getString().find('\0');
    if (Len == llvm::StringRef::npos)
      Len = Lit->getLength();
    if (Site.Callee == "strndup" || Site.Callee == "__builtin_strndup") {
      if (Call->getNumArgs() < 2)
        return std::nullopt;
      auto Max = foldConstant(Call->getArg(1), Ctx, Reassigned);
      if (!Max)
        return std::nullopt;
      Len = std::min(Len, *Max);
    }
    return Len + 1;
  }
  if (!Site.SizeScale || (Site.SizeArgs.empty() && !Site.ScaleOnly))
    return std::nullopt;
  uint64_t Size = std::min(*Site.SizeScale, Limit);
  for (const Expr *Arg : Site.SizeArgs) {
    auto V = foldConstant(Arg, Ctx, Reassigned);
    if (!V)
      return std::nullopt;
    if (__builtin_mul_overflow(Size, *V, &Size) || Size >= Limit)
      Size = Limit; // constant, and more than any stack
  }
  return Size;
}

} // namespace cescape::escape
