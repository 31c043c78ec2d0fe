//===- FalseSharingCheck.cpp - contended fields on one cache line ---------===//
//
// Two contended fields are *independently* contended, and worth a line each,
// unless they move together:
// - both are always written under one lock (the writes are serialised, the
//   line travels with the lock anyway);
// - one is a lock held at every write of the other (a lock belongs next to
//   the data it protects);
// - exactly the same functions write both (the same threads write both
//   fields: that is true sharing, which padding does not cure).
// A contended field that this unit never writes (a type declared atomic or
// a lock, used elsewhere) has unknown writers and is independent of any
// other.
//
//===----------------------------------------------------------------------===//
#include "FalseSharingCheck.h"

#include "Contention.h"
#include "Layout.h"
#include "utils/Spelling.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecordLayout.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetOperations.h"

#include <string>

using namespace clang;

namespace cescape::falsesharing {
namespace {

bool independent(const FieldContention &A, const FieldContention &B,
                 const FieldDecl *FieldA, const FieldDecl *FieldB) {
  if (A.Guards && B.Guards) {
    for (const ValueDecl *Lock : *A.Guards)
      if (B.Guards->contains(Lock))
        return false;
  }
  if ((A.Guards && A.Guards->contains(FieldB)) ||
      (B.Guards && B.Guards->contains(FieldA)))
    return false;
  return A.Writers.empty() || !llvm::set_is_subset(A.Writers, B.Writers) ||
         !llvm::set_is_subset(B.Writers, A.Writers);
}

std::string quoted(const FieldDecl *F) {
  return "'" + F->getName().str() + "'";
}

class StructChecker {
public:
  StructChecker(ASTContext &Ctx, const ContentionMap &Map, Reporter &Report,
                const Options &Opts, uint64_t Line)
      : Ctx(Ctx), Map(Map), Report(Report), Opts(Opts), Line(Line) {
    for (const PerThreadElement &E : Map.perThreadElements())
      PerThreadFields.insert(E.Field);
  }

  /// false-sharing: each contended field against the nearest field before
  /// it that is independently contended and can share its line (fixing
  /// that pair keeps it off every earlier field's line).
  void checkFields(const RecordDecl *RD) {
    RecordLayoutInfo Layout = layoutOf(Ctx, RD);
    for (size_t Second = 0; Second < Layout.Fields.size(); ++Second) {
      const FieldSpan &B = Layout.Fields[Second];
      const FieldContention *CB = contention(B);
      if (!CB)
        continue;
      FieldSpan HotB = hotPart(B, CB->Kinds);
      for (size_t First = Second; First-- > 0;) {
        const FieldSpan &A = Layout.Fields[First];
        const FieldContention *CA = contention(A);
        if (!CA || A.Begin > B.Begin || sameMemoryLocation(A, B) ||
            !independent(*CA, *CB, A.Field, B.Field))
          continue;
        FieldSpan HotA = hotPart(A, CA->Kinds);
        if (!canShareLine(HotA, HotB, Layout.Align, Line))
          continue;
        reportPair(RD, Layout, First, Second, HotA, HotB, *CA, *CB);
        break;
      }
    }
  }

  /// array-false-sharing: once per struct, for its first element field
  /// written per thread whose neighbour's copy can share its line.
  void checkElements(const PerThreadElement &E) {
    const RecordDecl *RD = E.Element->getDefinition();
    if (!RD || !Flagged.insert(RD).second)
      return;
    RecordLayoutInfo Layout = layoutOf(Ctx, RD);
    const FieldSpan &Field = Layout.Fields[E.Field->getFieldIndex()];
    FieldSpan Next = Field;
    auto ShiftTo = [&](uint64_t Size) {
      Next.Begin = Field.Begin + Size;
      Next.End = Field.End + Size;
    };
    ShiftTo(Layout.Size);
    if (!canShareLine(Field, Next, Layout.Align, Line)) {
      Flagged.erase(RD);
      return;
    }
    // The smallest element size, at the element's alignment, that keeps
    // each thread's field off its neighbour's line.
    uint64_t Size = Layout.Size;
    while (canShareLine(Field, Next, Layout.Align, Line))
      ShiftTo(Size += Layout.Align);
    const FieldSpan &Last = Layout.Fields.back();
    uint64_t AlignedSize = llvm::alignTo(Layout.Size, Line);
    const FieldDecl *FirstField = Layout.Fields.front().Field;
    std::string Message =
        "threads write their own elements of '" + recordName(RD) + "'" +
        " (through " + quoted(E.Field) + "), and an element is " +
        std::to_string(Layout.Size) +
        " bytes, so neighbouring elements can share a " + std::to_string(Line) +
        "-byte cache line: " + alignmentSpecifier(Line, Ctx.getLangOpts()) +
        " on " + quoted(FirstField) + " makes each element " +
        std::to_string(AlignedSize) + " bytes, or 'char pad[" +
        std::to_string(Size - Last.End) + "]' after " + quoted(Last.Field) +
        " makes it " + std::to_string(Size);
    FindingFacts Facts;
    Facts.Subject = recordName(RD);
    Facts.Size = int64_t(Layout.Size);
    if (Report.finding(Rule::ArrayFalseSharing, RD->getLocation(), Message,
                       alignasFixIt(RD, FirstField), Facts, true,
                       facts(RD, Layout)))
      Report.note(E.Where, "written per thread here", Opts.Verbosity > 0);
  }

private:
  const FieldContention *contention(const FieldSpan &S) const {
    // Unnamed bit-fields and zero-sized members hold no data.
    if (!S.Field->getIdentifier() || S.End == S.Begin)
      return nullptr;
    return Map.of(S.Field);
  }

  /// The bytes of \p S that make it contended. A struct member contended
  /// only because it holds locks or atomics is hot where they are: a large
  /// cache struct with its mutex first does not share the next member's
  /// line through its cold tail. Written as a whole (by threads, or by an
  /// atomic operation), it is hot all over.
  FieldSpan hotPart(const FieldSpan &S, unsigned Kinds) const {
    const RecordDecl *Inner = S.Field->getType()->getAsRecordDecl();
    if (!Inner || !Inner->isStruct() || !Inner->getDefinition() ||
        (Kinds & (AtomicOp | ThreadWritten)))
      return S;
    RecordLayoutInfo Layout = layoutOf(Ctx, Inner->getDefinition());
    uint64_t Begin = S.End, End = S.Begin;
    for (const FieldSpan &F : Layout.Fields) {
      const FieldContention *C = Map.of(F.Field);
      unsigned TypeKinds = C ? C->Kinds & (AtomicType | LockType) : 0;
      if (!TypeKinds)
        continue;
      FieldSpan Hot = hotPart(F, TypeKinds);
      Begin = std::min(Begin, S.Begin + Hot.Begin);
      End = std::max(End, S.Begin + Hot.End);
    }
    return Begin < End ? FieldSpan{S.Field, Begin, End, S.Align} : S;
  }

  /// Adjacent bit-fields in one storage unit are one memory location:
  /// writing them from two threads is a data race, not false sharing.
  static bool sameMemoryLocation(const FieldSpan &A, const FieldSpan &B) {
    return A.Field->isBitField() && B.Field->isBitField() && B.Begin < A.End;
  }

  void reportPair(const RecordDecl *RD, const RecordLayoutInfo &Layout,
                  size_t First, size_t Second, const FieldSpan &HotA,
                  const FieldSpan &HotB, const FieldContention &CA,
                  const FieldContention &CB) {
    const FieldSpan &A = Layout.Fields[First];
    const FieldSpan &B = Layout.Fields[Second];
    Separation S = separate(Layout, HotA, Second, HotB, Line);
    std::string L = std::to_string(Line);
    std::string Message =
        quoted(A.Field) + " and " + quoted(B.Field) + " of '" + recordName(RD) +
        "'" + " can share a " + L + "-byte cache line (offsets " +
        std::to_string(A.Begin) + " and " + std::to_string(B.Begin) +
        ") and are contended independently (" + contentionWords(CA.Kinds) +
        "; " + contentionWords(CB.Kinds) + ")";
    if (B.Field->isBitField())
      Message += ": 'char pad[" + std::to_string(S.PadBytes) + "]' after " +
                 quoted(Layout.Fields[S.PadAfter].Field) + " moves " +
                 quoted(B.Field) + "'s storage off the line (" +
                 std::to_string(Layout.Size) + " -> " +
                 std::to_string(S.PaddedSize) + " bytes)";
    else
      Message += ": " + alignmentSpecifier(Line, Ctx.getLangOpts()) + " on " +
                 quoted(B.Field) + " puts it at offset " +
                 std::to_string(S.AlignedOffset) + " (" +
                 std::to_string(Layout.Size) + " -> " +
                 std::to_string(S.AlignedSize) + " bytes), or 'char pad[" +
                 std::to_string(S.PadBytes) + "]' after " +
                 quoted(Layout.Fields[S.PadAfter].Field) + " (" +
                 std::to_string(S.PaddedSize) + " bytes)";
    // The fingerprint: the struct and its two fields, sorted.
    llvm::StringRef NameA = A.Field->getName(), NameB = B.Field->getName();
    if (NameB < NameA)
      std::swap(NameA, NameB);
    FindingFacts Facts;
    Facts.Subject = recordName(RD) + " " + NameA.str() + "," + NameB.str();
    Facts.Size = int64_t(Layout.Size);
    std::vector<FixItHint> Fix;
    if (!B.Field->isBitField())
      Fix = alignasFixIt(RD, B.Field);
    if (!Report.finding(Rule::FalseSharing, B.Field->getLocation(), Message,
                        Fix, Facts, true, facts(RD, Layout)))
      return;
    bool Print = Opts.Verbosity > 0;
    Report.note(A.Field->getLocation(), quoted(A.Field) + " is declared here",
                Print);
    for (auto [Field, C] : {std::pair{A.Field, &CA}, {B.Field, &CB}})
      if (C->FirstWrite.isValid())
        Report.note(C->FirstWrite, quoted(Field) + " is written here", Print);
  }

  /// `_Alignas(Line) ` (C11) before \p F's declaration, unless that could do
  /// harm: in a macro, in a packed record (whose layout is deliberate), or
  /// on a declaration that declares other fields too (`long a, b;`).
  std::vector<FixItHint> alignasFixIt(const RecordDecl *RD,
                                      const FieldDecl *F) const {
    SourceLocation Begin = F->getBeginLoc();
    if (RD->hasAttr<PackedAttr>() || RD->hasAttr<MaxFieldAlignmentAttr>() ||
        F->isBitField() || !Begin.isFileID() || !F->getLocation().isFileID() ||
        !Report.isReportable(Begin))
      return {};
    for (const FieldDecl *Other : RD->fields())
      if (Other != F && Other->getBeginLoc() == Begin)
        return {};
    return {FixItHint::CreateInsertion(
        Begin, alignmentSpecifier(Line, Ctx.getLangOpts()) + " ")};
  }

  /// The struct's layout for the database, once per struct and unit.
  std::shared_ptr<const RecordLayoutFacts>
  facts(const RecordDecl *RD, const RecordLayoutInfo &Layout) {
    auto &Known = Records[RD];
    if (Known)
      return Known;
    auto R = std::make_shared<RecordLayoutFacts>();
    R->Name = recordName(RD);
    R->Loc = RD->getLocation();
    R->Size = int64_t(Layout.Size);
    R->Align = int64_t(Layout.Align);
    R->CacheLine = int64_t(Line);
    const ASTRecordLayout &Real = Ctx.getASTRecordLayout(RD);
    for (const FieldSpan &S : Layout.Fields) {
      LayoutFieldFacts F{S.Field->getName().str(),
                         S.Field->getType().getAsString(),
                         int64_t(S.Begin),
                         int64_t(S.End - S.Begin),
                         -1,
                         -1,
                         ""};
      if (S.Field->isBitField()) {
        F.BitOffset = int64_t(Real.getFieldOffset(S.Field->getFieldIndex()));
        F.BitWidth = int64_t(S.Field->getBitWidthValue(Ctx));
      }
      if (const FieldContention *C = Map.of(S.Field))
        F.Contention = contentionWords(C->Kinds);
      // Written by each thread in its own element of an array.
      if (PerThreadFields.contains(S.Field))
        F.Contention += F.Contention.empty() ? "per-thread" : ",per-thread";
      R->Fields.push_back(std::move(F));
    }
    Known = R;
    return Known;
  }

  ASTContext &Ctx;
  const ContentionMap &Map;
  Reporter &Report;
  const Options &Opts;
  uint64_t Line;
  llvm::DenseMap<const RecordDecl *, std::shared_ptr<const RecordLayoutFacts>>
      Records;
  llvm::SmallPtrSet<const RecordDecl *, 8> Flagged;
  llvm::SmallPtrSet<const FieldDecl *, 8> PerThreadFields;
};

} // namespace

void FalseSharingCheck::run(ASTContext &Ctx) {
  uint64_t Line = Opts.CacheLine ? Opts.CacheLine : defaultCacheLine(Ctx);
  ContentionMap Map(Ctx, Calls);
  StructChecker Checker(Ctx, Map, Report, Opts, Line);
  for (const RecordDecl *RD : Map.contendedRecords())
    if (RD->isStruct() && Report.isReportable(RD->getLocation()))
      Checker.checkFields(RD);
  for (const PerThreadElement &E : Map.perThreadElements())
    if (Report.isReportable(E.Element->getLocation()))
      Checker.checkElements(E);
}

} // namespace cescape::falsesharing
