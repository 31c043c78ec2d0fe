//===- Layout.h - record layouts, cache lines and padding advice -*- C++
//-*-===//
//
// Where the compiler put each field (ASTContext::getASTRecordLayout, so
// bit-fields, packed structs, _Alignas, nested records and flexible array
// members are as the target lays them out), whether two byte ranges can land
// on one cache line, and how many bytes of alignment or padding separate
// them.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_FALSESHARING_LAYOUT_H
#define CESCAPE_FALSESHARING_LAYOUT_H

#include "clang/AST/Decl.h"

#include <cstdint>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
}

namespace cescape::falsesharing {

/// The bytes one field occupies; a bit-field occupies the bytes its bits
/// touch, a flexible array member its first element.
struct FieldSpan {
  const clang::FieldDecl *Field;
  uint64_t Begin; ///< bytes from the start of the record
  uint64_t End;   ///< exclusive
  uint64_t Align; ///< bytes, as laid out (1 in a packed record)
};

struct RecordLayoutInfo {
  uint64_t Size;                 ///< bytes
  uint64_t Align;                ///< bytes
  std::vector<FieldSpan> Fields; ///< in declaration order
};

RecordLayoutInfo layoutOf(const clang::ASTContext &Ctx,
                          const clang::RecordDecl *RD);

/// The cache line of the target: 128 bytes on aarch64 and ppc64 (Apple
/// M-series and POWER lines, and what Go and crossbeam pad to), 64
/// elsewhere.
uint64_t defaultCacheLine(const clang::ASTContext &Ctx);

/// Whether some placement of the record (at any multiple of \p RecordAlign
/// within a line) puts a byte of \p First and a byte of \p Second on one
/// \p Line-byte line. \p First must begin before \p Second.
bool canShareLine(const FieldSpan &First, const FieldSpan &Second,
                  uint64_t RecordAlign, uint64_t Line);

/// How to keep field \p Second off the line of \p First, in exact bytes:
/// either _Alignas(Line) on Second, or `char pad[PadBytes]` right after the
/// field declared before Second.
struct Separation {
  uint64_t AlignedOffset; ///< of Second under _Alignas(Line)
  uint64_t AlignedSize;   ///< of the record then
  size_t PadAfter;        ///< index of the field declared right before Second
  uint64_t PadBytes;
  uint64_t PaddedSize; ///< of the record with the pad
};

/// \p HotFirst is the contended part of a field before field \p Second
/// (an index of Layout.Fields), whose contended part is \p HotSecond.
Separation separate(const RecordLayoutInfo &Layout, const FieldSpan &HotFirst,
                    size_t Second, const FieldSpan &HotSecond, uint64_t Line);

/// The record as C spells it: "struct queue", or its typedef name when it
/// has no tag.
std::string recordName(const clang::RecordDecl *RD);

} // namespace cescape::falsesharing

#endif
