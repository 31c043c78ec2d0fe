//===- Layout.cpp - record layouts, cache lines and padding advice --------===//
#include "Layout.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecordLayout.h"
#include "clang/Basic/TargetInfo.h"
#include "llvm/Support/MathExtras.h"

using namespace clang;

namespace cescape::falsesharing {

/// The alignment a field gets inside its record: its type's, raised by
/// _Alignas / aligned, lowered to 1 by packed and to N by #pragma pack(N).
static uint64_t fieldAlign(const ASTContext &Ctx, const RecordDecl *RD,
                           const FieldDecl *F) {
  uint64_t Align = Ctx.getTypeAlignInChars(F->getType()).getQuantity();
  if (RD->hasAttr<PackedAttr>() || F->hasAttr<PackedAttr>())
    Align = 1;
  if (const auto *Pack = RD->getAttr<MaxFieldAlignmentAttr>())
    Align = std::min<uint64_t>(Align, Pack->getAlignment() / 8);
  uint64_t Explicit = F->getMaxAlignment() / 8;
  return std::max<uint64_t>({Align, Explicit, 1});
}

RecordLayoutInfo layoutOf(const ASTContext &Ctx, const RecordDecl *RD) {
  const ASTRecordLayout &L = Ctx.getASTRecordLayout(RD);
  RecordLayoutInfo Info{uint64_t(L.getSize().getQuantity()),
                        uint64_t(L.getAlignment().getQuantity()),
                        {}};
  for (const FieldDecl *F : RD->fields()) {
    uint64_t BitOffset = L.getFieldOffset(F->getFieldIndex());
    uint64_t Begin = BitOffset / 8, End;
    if (F->isBitField()) {
      End = llvm::divideCeil(BitOffset + F->getBitWidthValue(Ctx), 8);
    } else {
      QualType T = F->getType();
      // A flexible array member has no size; its first element is what a
      // neighbour can share a line with.
      if (const auto *Flexible = Ctx.getAsIncompleteArrayType(T))
        T = Flexible->getElementType();
      End = Begin + Ctx.getTypeSizeInChars(T).getQuantity();
    }
    Info.Fields.push_back({F, Begin, End, fieldAlign(Ctx, RD, F)});
  }
  return Info;
}

uint64_t defaultCacheLine(const ASTContext &Ctx) {
  const llvm::Triple &T = Ctx.getTargetInfo().getTriple();
  return T.isAArch64() || T.isPPC64() ? 128 : 64;
}

bool canShareLine(const FieldSpan &First, const FieldSpan &Second,
                  uint64_t RecordAlign, uint64_t Line) {
  if (Second.Begin < First.End)
    return true;
  for (uint64_t Start = 0; Start < Line; Start += RecordAlign)
    if ((Start + First.End - 1) / Line == (Start + Second.Begin) / Line)
      return true;
  return false;
}

/// The record's size once field \p Moved starts at \p NewOffset: the
/// fields after it follow at their own alignments (a bit-field keeps its
/// place relative to the field before), the end at the record's alignment.
static uint64_t sizeWithFieldAt(const RecordLayoutInfo &Layout, size_t Moved,
                                uint64_t NewOffset, uint64_t RecordAlign) {
  uint64_t End = Layout.Fields[Moved].Begin, Shift = 0;
  for (size_t I = Moved; I < Layout.Fields.size(); ++I) {
    const FieldSpan &F = Layout.Fields[I];
    if (I == Moved)
      Shift = NewOffset - F.Begin;
    else if (!F.Field->isBitField())
      Shift = std::max(F.Begin, llvm::alignTo(End, F.Align)) - F.Begin;
    // A flexible array member adds nothing to the size.
    bool Flexible = F.Field->getType()->isIncompleteArrayType();
    End = std::max(End, (Flexible ? F.Begin : F.End) + Shift);
  }
  return llvm::alignTo(End, RecordAlign);
}

Separation separate(const RecordLayoutInfo &Layout, const FieldSpan &HotFirst,
                    size_t Second, const FieldSpan &HotSecond, uint64_t Line) {
  const FieldSpan &B = Layout.Fields[Second];
  Separation S;
  S.AlignedOffset = llvm::alignTo(B.Begin, Line);
  uint64_t LineAlign = std::max(Layout.Align, Line);
  S.AlignedSize = sizeWithFieldAt(Layout, Second, S.AlignedOffset, LineAlign);
  // The first offset, at Second's own alignment, that no placement of the
  // record puts on First's line.
  FieldSpan Moved = HotSecond;
  uint64_t Shift = 0;
  while (canShareLine(HotFirst, Moved, Layout.Align, Line)) {
    Moved.Begin += B.Align;
    Moved.End += B.Align;
    Shift += B.Align;
  }
  S.PadAfter = Second - 1;
  S.PadBytes = B.Begin + Shift - Layout.Fields[S.PadAfter].End;
  S.PaddedSize = sizeWithFieldAt(Layout, Second, B.Begin + Shift, Layout.Align);
  return S;
}

std::string recordName(const RecordDecl *RD) {
  if (RD->getIdentifier())
    return (RD->getKindName() + " " + RD->getName()).str();
  if (const TypedefNameDecl *Typedef = RD->getTypedefNameForAnonDecl())
    return Typedef->getName().str();
  // An anonymous member struct: named after the record it is in and its
  // first field, so that two of them in one record differ.
  std::string Name = ("anonymous " + RD->getKindName()).str();
  if (!RD->field_empty() && RD->field_begin()->getIdentifier())
    Name += " of " + RD->field_begin()->getName().str();
  if (const auto *Outer = dyn_cast<RecordDecl>(RD->getDeclContext()))
    Name += " in " + recordName(Outer);
  return Name;
}

} // namespace cescape::falsesharing
