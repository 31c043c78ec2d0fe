//===- Integers.cpp - pointers turned into integers -----------------------===//
//
// An integer carries no pointer in the escape graph, so an integer read
// from a struct never stands for the pointer next to it. C code does turn
// pointers into integers (hashes, tagged pointers, alignment, intptr_t
// round trips), and each place where it does is where the pointer goes out
// of sight:
//   - `(uintptr_t)p` whose value is used: p escapes (`integer`), unless the
//     same expression turns the integer back into a pointer, which then
//     points where p does;
//   - __builtin_bit_cast between pointers and other bits;
//   - memory read as integers through a pointer (`*(uintptr_t *)&p`, a
//     byte-wise copy through `char *`), a union's integer member or
//     memcpy into integers: the pointers in it escape, if the value read is
//     used; written as integers, it may come to hold any pointer.
// An integer made of pointers that holds no address (`end - start`,
// `(uintptr_t)p & 7`, a comparison) costs nothing.
//
//===----------------------------------------------------------------------===//
#include "Build.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecordLayout.h"

#include <algorithm>
#include <optional>

using namespace clang;

namespace cescape::escape {

bool holdsPointers(QualType T, unsigned Depth) {
  T = T.getCanonicalType();
  if (const auto *A = T->getAs<AtomicType>())
    T = A->getValueType().getCanonicalType();
  if (T->isPointerType() || T->isBlockPointerType())
    return true;
  if (Depth > 4)
    return true;
  if (const auto *A = dyn_cast<ArrayType>(T.getTypePtr()))
    return holdsPointers(A->getElementType(), Depth + 1);
  if (const auto *R = T->getAsRecordDecl()) {
    const RecordDecl *Def = R->getDefinition();
    if (!Def) // an incomplete struct may hold anything
      return true;
    for (const FieldDecl *F : Def->fields())
      if (holdsPointers(F->getType(), Depth + 1))
        return true;
  }
  return false;
}

/// Whether values of type \p T hold numbers (integers, floating values) a
/// pointer's bits could be copied into.
static bool holdsNumbers(QualType T, unsigned Depth = 0) {
  T = T.getCanonicalType();
  if (const auto *A = T->getAs<AtomicType>())
    T = A->getValueType().getCanonicalType();
  if (T->isIntegerType() || T->isRealFloatingType() || Depth > 4)
    return true;
  if (const auto *A = dyn_cast<ArrayType>(T.getTypePtr()))
    return holdsNumbers(A->getElementType(), Depth + 1);
  if (const auto *R = T->getAsRecordDecl()) {
    const RecordDecl *Def = R->getDefinition();
    if (!Def)
      return true;
    for (const FieldDecl *F : Def->fields())
      if (holdsNumbers(F->getType(), Depth + 1))
        return true;
  }
  return false;
}

/// memcpy(&word, &ptr, sizeof ptr): a pointer's bytes into integers of
/// another type (a copy between two objects of one type keeps pointers in
/// pointer fields).
bool Builder::copiesPointersIntoIntegers(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return false;
  llvm::StringRef Name = Callee->getName();
  if (!Name.contains("mem") && !Name.contains("bcopy"))
    return false;
  llvm::SmallVector<QualType, 2> From, Into;
  for (const Expr *Arg : Call->arguments()) {
    QualType T = Arg->IgnoreParenImpCasts()->getType();
    if (!T->isPointerType())
      continue;
    QualType Pointee =
        T->getPointeeType().getCanonicalType().getUnqualifiedType();
    if (holdsPointers(Pointee))
      From.push_back(Pointee);
    if (holdsNumbers(Pointee))
      Into.push_back(Pointee);
  }
  for (QualType F : From)
    for (QualType I : Into)
      if (F != I)
        return true;
  return false;
}

/// A union that can hold a pointer and an integer: one may be read as the
/// other.
static bool punsPointers(const RecordDecl *U) {
  bool Pointers = false, Integers = false;
  for (const FieldDecl *F : U->fields()) {
    Pointers |= holdsPointers(F->getType());
    Integers |= holdsNumbers(F->getType());
  }
  return Pointers && Integers;
}

/// An integer made only of constants and of pointers converted in the same
/// expression: an address one of those pointers points into.
static bool madeOfConvertedPointers(const Expr *E, const ASTContext &Ctx) {
  E = E->IgnoreParens();
  if (E->isIntegerConstantExpr(Ctx))
    return true;
  if (const auto *C = dyn_cast<CastExpr>(E)) {
    if (C->getCastKind() == CK_PointerToIntegral)
      return true;
    return (C->getCastKind() == CK_IntegralCast ||
            C->getCastKind() == CK_NoOp) &&
           madeOfConvertedPointers(C->getSubExpr(), Ctx);
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    return (U->getOpcode() == UO_Plus || U->getOpcode() == UO_Minus ||
            U->getOpcode() == UO_Not) &&
           madeOfConvertedPointers(U->getSubExpr(), Ctx);
  if (const auto *B = dyn_cast<BinaryOperator>(E))
    return (B->isAdditiveOp() || B->isMultiplicativeOp() || B->isBitwiseOp() ||
            B->isShiftOp()) &&
           madeOfConvertedPointers(B->getLHS(), Ctx) &&
           madeOfConvertedPointers(B->getRHS(), Ctx);
  if (const auto *C = dyn_cast<ConditionalOperator>(E))
    return madeOfConvertedPointers(C->getTrueExpr(), Ctx) &&
           madeOfConvertedPointers(C->getFalseExpr(), Ctx);
  return false;
}

Hole Builder::integerHole(QualType T) const {
  Hole H;
  if (!T->isVoidType())
    H.Converted = &ConvertedToInteger;
  return H;
}

void Builder::pointerToInteger(Hole K, const CastExpr *E) {
  expr(K.Converted ? K.Converted->at(E->getBeginLoc()) : Hole(),
       E->getSubExpr());
}

void Builder::integerToPointer(Hole K, const CastExpr *E) {
  const Expr *Int = E->getSubExpr();
  if (K.discards()) {
    expr(Hole(), Int);
    return;
  }
  const Hole Into = K.note(E->getBeginLoc(), "integer to pointer");
  Hole Inner;
  Inner.Converted = &Into;
  expr(Inner, Int);
  // Any other integer may be any address: one a pointer converted
  // elsewhere was made of (that pointer escaped there).
  if (!madeOfConvertedPointers(Int, Ctx))
    G.flow(K, G.root(Reason::Heap));
}

void Builder::bitCast(Hole K, const CastExpr *E) {
  const Expr *Bits = E->getSubExpr();
  QualType From = Bits->getType().getCanonicalType().getUnqualifiedType();
  QualType Into = E->getType().getCanonicalType().getUnqualifiedType();
  if (From == Into || (From->isPointerType() && Into->isPointerType())) {
    expr(K, Bits);
    return;
  }
  expr(holdsPointers(From) ? ConvertedToInteger.at(E->getBeginLoc()) : Hole(),
       Bits);
  if (holdsPointers(Into))
    G.flow(K, G.root(Reason::Heap));
}

bool Builder::readsPointerAsInteger(const MemberExpr *M) const {
  QualType Base = M->getBase()->getType();
  if (M->isArrow() && Base->isPointerType())
    Base = Base->getPointeeType();
  const RecordDecl *R = Base->getAsRecordDecl();
  return R && R->isUnion() && punsPointers(R) && holdsNumbers(M->getType());
}

bool Builder::readsOwnField(const MemberExpr *M) const {
  if (!M->getType()->isArithmeticType())
    return false;
  // A struct that holds no pointer holds one only by punning (a heap block
  // written through `*(char **)blk` or memcpy): its numbers read it.
  QualType Record = M->getBase()->getType();
  if (M->isArrow() && Record->isPointerType())
    Record = Record->getPointeeType();
  if (!holdsPointers(Record))
    return false;
  if (M->isArrow())
    return !viewsPointers(M->getBase());
  const Expr *Base = M->getBase()->IgnoreParens();
  if (const auto *U = dyn_cast<UnaryOperator>(Base);
      U && U->getOpcode() == UO_Deref)
    return !viewsPointers(U->getSubExpr());
  if (const auto *A = dyn_cast<ArraySubscriptExpr>(Base))
    return !viewsPointers(A->getBase());
  return false;
}

Location *Builder::objectAddress(const MemberExpr *M) {
  SourceLocation Where = M->getOperatorLoc();
  if (M->isArrow())
    return temp(M->getBase(), Where, "member");
  Location *Addr = newTemp(M->getBase(), "&");
  if (M->getBase()->isGLValue())
    expr(Hole{Addr, 0, Where, "member"}.addr(), M->getBase());
  else // a union value (a call's result): its pointers are read as bits
    expr(ConvertedToInteger.at(Where), M->getBase());
  return Addr;
}

/// A local array by its name (`buf` in `buf[i]`): read as its own type, as
/// its location escapes what gets into it when that holds no pointer.
static bool namesLocalArray(const Expr *Ptr) {
  const auto *Decay = dyn_cast<ImplicitCastExpr>(Ptr->IgnoreParens());
  if (!Decay || Decay->getCastKind() != CK_ArrayToPointerDecay)
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(Decay->getSubExpr()->IgnoreParens());
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return V && V->hasLocalStorage();
}

Hole Builder::loadHole(Hole K, const Expr *Load, const Expr *Ptr) const {
  if (K.Converted && !namesLocalArray(Ptr))
    return K.Converted->note(Load->getBeginLoc(), "read as an integer").deref();
  // `*(struct words *)&pointers`: a struct of numbers read from memory
  // that holds pointers.
  if (!K.discards() && !holdsPointers(Load->getType()) && viewsPointers(Ptr))
    return ConvertedToInteger.note(Load->getBeginLoc(), "read as numbers")
        .deref();
  return K.deref().note(Load->getBeginLoc(), "indirection");
}

bool Builder::viewsPointers(const Expr *Ptr) const {
  const auto *C = dyn_cast<ExplicitCastExpr>(Ptr->IgnoreParens());
  if (!C || !C->getSubExpr()->getType()->isPointerType())
    return false;
  QualType From = C->getSubExpr()->getType()->getPointeeType();
  return From->isVoidType() || holdsPointers(From);
}

/// Whether bytes [Begin, End) of an object of type \p T overlap a number
/// (not a pointer, not padding).
bool Builder::numbersIn(QualType T, uint64_t Begin, uint64_t End,
                        unsigned Depth) const {
  T = T.getCanonicalType();
  if (const auto *A = T->getAs<AtomicType>())
    T = A->getValueType().getCanonicalType();
  if (Depth > 4)
    return holdsNumbers(T);
  if (const auto *A = Ctx.getAsConstantArrayType(T)) {
    QualType Element = A->getElementType();
    uint64_t Size = Ctx.getTypeSizeInChars(Element).getQuantity();
    if (Size == 0)
      return false;
    uint64_t Count = A->getSize().getZExtValue();
    uint64_t First = Begin / Size,
             Last = std::min(Count, (End + Size - 1) / Size);
    if (Last - First > 2) // spans whole elements
      return holdsNumbers(Element);
    for (uint64_t I = First; I < Last; ++I)
      if (numbersIn(Element, std::max(Begin, I * Size) - I * Size,
                    std::min(End, (I + 1) * Size) - I * Size, Depth + 1))
        return true;
    return false;
  }
  if (const auto *R = T->getAsRecordDecl()) {
    const RecordDecl *Def = R->getDefinition();
    if (!Def || Def->isInvalidDecl())
      return true;
    const ASTRecordLayout &Layout = Ctx.getASTRecordLayout(Def);
    for (const FieldDecl *F : Def->fields()) {
      uint64_t Bits = Layout.getFieldOffset(F->getFieldIndex());
      uint64_t Offset = Bits / 8;
      uint64_t Size = F->isBitField()
                          ? (Bits % 8 + F->getBitWidthValue(Ctx) + 7) / 8
                          : Ctx.getTypeSizeInChars(F->getType()).getQuantity();
      if (Offset < End && Begin < Offset + Size &&
          numbersIn(F->getType(), std::max(Begin, Offset) - Offset,
                    std::min(End, Offset + Size) - Offset, Depth + 1))
        return true;
    }
    return false;
  }
  return holdsNumbers(T);
}

/// The cast \p Ptr's value comes from: itself, through pointer arithmetic
/// or a local pointer's initialiser (`char **slots = (char **)a;`); the
/// offset is unknown past arithmetic or a local that is \p Reassigned.
static const ExplicitCastExpr *
viewCast(const Expr *Ptr, bool &OffsetKnown,
         const llvm::DenseSet<const VarDecl *> &Reassigned,
         unsigned Depth = 0) {
  Ptr = Ptr->IgnoreParens();
  if (Depth > 4)
    return nullptr;
  if (const auto *C = dyn_cast<ExplicitCastExpr>(Ptr))
    return C;
  if (const auto *B = dyn_cast<BinaryOperator>(Ptr);
      B && B->isAdditiveOp() && B->getType()->isPointerType()) {
    OffsetKnown = false;
    return viewCast(B->getLHS()->getType()->isPointerType() ? B->getLHS()
                                                            : B->getRHS(),
                    OffsetKnown, Reassigned, Depth + 1);
  }
  if (const auto *Decay = dyn_cast<ImplicitCastExpr>(Ptr);
      Decay && Decay->getCastKind() == CK_LValueToRValue)
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Decay->getSubExpr()->IgnoreParens()))
      if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
          V && V->hasLocalStorage() && V->getInit()) {
        OffsetKnown &= !Reassigned.contains(V);
        return viewCast(V->getInit(), OffsetKnown, Reassigned, Depth + 1);
      }
  return nullptr;
}

bool Builder::storesOverNumbers(const Expr *Ptr, const Expr *Lvalue) const {
  bool OffsetKnown = true;
  const ExplicitCastExpr *C = viewCast(Ptr, OffsetKnown, *Reassigned);
  if (!C || !C->getSubExpr()->getType()->isPointerType() ||
      !C->getType()->isPointerType())
    return false;
  QualType From = C->getSubExpr()->getType()->getPointeeType();
  QualType Into = C->getType()->getPointeeType();
  if (From->isVoidType() || From->isIncompleteType() || !holdsPointers(Into) ||
      !holdsNumbers(From))
    return false;
  if (!holdsPointers(From))
    return true;
  // Memory of both: what the store covers, as an offset into the memory the
  // cast starts from (`((struct base *)&derived)->next` writes a pointer
  // over a pointer).
  std::optional<uint64_t> Offset;
  uint64_t Width = Ctx.getTypeSizeInChars(Into).getQuantity();
  if (isa<UnaryOperator>(Lvalue->IgnoreParens())) {
    Offset = 0;
  } else if (const auto *M = dyn_cast<MemberExpr>(Lvalue->IgnoreParens())) {
    const auto *F = dyn_cast<FieldDecl>(M->getMemberDecl());
    if (F && !F->isBitField()) {
      Offset = Ctx.getFieldOffset(F) / 8;
      Width = Ctx.getTypeSizeInChars(F->getType()).getQuantity();
    }
  } else if (const auto *A =
                 dyn_cast<ArraySubscriptExpr>(Lvalue->IgnoreParens())) {
    Expr::EvalResult Index;
    if (A->getIdx()->EvaluateAsInt(Index, Ctx) &&
        Index.Val.getInt().isNonNegative())
      Offset = Index.Val.getInt().getZExtValue() * Width;
  }
  if (!Offset || !OffsetKnown)
    return true;
  uint64_t FromSize = Ctx.getTypeSizeInChars(From).getQuantity();
  if (FromSize == 0)
    return true;
  // Past the first object: the next element of an array of them.
  uint64_t Begin = *Offset % FromSize;
  if (Begin + Width > FromSize)
    return true;
  return numbersIn(From, Begin, Begin + Width);
}

void Builder::bitsOnly(Location *L, QualType T) {
  if (holdsPointers(T))
    return;
  L->BitsOnly = true;
  G.flow(ConvertedToInteger.note(L->Var->getLocation(), "holds no pointer"), L);
}

void Builder::writtenAsIntegers(Location *Ptr, SourceLocation Where) {
  G.flow(Hole{G.mutator(), 0, Where, "written as an integer"}, Ptr);
}

bool Builder::carriesNoAddress(const BinaryOperator *E) const {
  const Expr *L = E->getLHS(), *R = E->getRHS();
  if (E->getOpcode() == BO_Sub)
    // A distance between two addresses of one object (C 6.5.6: pointers
    // into different objects cannot be subtracted): libyaml's string
    // lengths. Not from a constant (`p - (char *)0` is p's address), nor
    // between integers (`(uintptr_t)nb - (uintptr_t)old` moves pointers
    // from one block to another).
    return L->getType()->isPointerType() && R->getType()->isPointerType() &&
           !L->isEvaluatable(Ctx) && !R->isEvaluatable(Ctx);
  // The low bits of an address, below a page: an alignment test, a tag.
  auto LowBits = [&](const Expr *Mask) {
    auto V = Mask->getIntegerConstantExpr(Ctx);
    return V && V->isNonNegative() && V->getActiveBits() <= 12;
  };
  if (E->getOpcode() == BO_And)
    return LowBits(L) || LowBits(R);
  return E->getOpcode() == BO_Rem && LowBits(R);
}

} // namespace cescape::escape
