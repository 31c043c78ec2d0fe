//===- LibcModel.h - what libc functions do with their arguments -*- C++
//-*-===//
//
// Functions without a body normally send every argument to the heap (they
// might keep it). The C library is known, so its functions get a model
// instead: which argument the result points into, which arguments are kept
// or handed to a thread, which calls allocate or free. Arguments a model
// does not mention are only read or written as plain bytes.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_LIBCMODEL_H
#define CESCAPE_ESCAPE_LIBCMODEL_H

#include "Graph.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace clang {
class FunctionDecl;
}

namespace cescape::escape {

enum class LibcKind : uint8_t {
  Plain,    ///< effects described by the fields below only
  Allocate, ///< a heap allocator (see Alloc)
  Free,     ///< frees argument 0
  Alloca,   ///< frame storage that lives until the function returns
  Setjmp,   ///< execution may come back here: a loop we cannot see
  GetLine,  ///< reallocates *arg0 and stores the new block there
  Scanf,    ///< every argument from FirstVararg on may receive a pointer
  Sprintf,  ///< arguments from FirstVararg on are printed into argument 0
};

constexpr int8_t NoArg = -1;
/// StoreSrc value meaning "a pointer the caller cannot know".
constexpr int8_t UnknownSrc = -2;

struct LibcFunction {
  const char *Name;
  LibcKind Kind = LibcKind::Plain;
  int8_t ResultAlias = NoArg;  ///< the result points into this argument...
  int8_t ResultDerefs = 0;     ///< ...after this many dereferences
  int8_t ResultAlias2 = NoArg; ///< or into this one...
  int8_t ResultDerefs2 = 0;    ///< ...after this many
  bool ResultUnknown = false;  ///< the result may be other memory
  uint8_t Retains = 0;         ///< bit i: argument i is kept after return
  uint8_t Threads = 0;         ///< bit i: argument i is handed to a thread
  int8_t CopyDst = NoArg;      ///< *CopyDst = *CopySrc (memcpy)
  int8_t CopySrc = NoArg;
  int8_t StoreDst = NoArg; ///< *StoreDst = StoreSrc (strtol's endptr)
  int8_t StoreSrc = NoArg;
  int8_t Callback = NoArg;    ///< a function pointer argument called with...
  uint8_t CallbackArgs = 0;   ///< ...these arguments (qsort, bsearch)
  int8_t FirstVararg = NoArg; ///< Scanf, Sprintf
  int8_t ScanSource = NoArg;  ///< Scanf: the string scanned (sscanf)
  // Allocators.
  AllocKind Alloc = AllocKind::Malloc;
  int8_t Size0 = NoArg, Size1 = NoArg, Align = NoArg;
};

/// The model of \p Callee, by name when its signature matches libc's, or
/// after stripping `__builtin_` and fortify (`__*_chk`) decorations; null
/// when the function is not modelled.
const LibcFunction *lookupLibc(const clang::FunctionDecl *Callee);

} // namespace cescape::escape

#endif
