//===- LibcModel.h - what libc functions do with their arguments -*- C++
//-*-===//
//
// Functions without a body normally send every argument to the heap (they
// might keep it). The C library is known, so its functions get a model
// instead: which argument the result points into, which arguments are kept
// or handed to a thread, which calls allocate or free. Arguments a model
// does not mention are only read or written as plain bytes. False sharing
// reads the same rows for locks and thread starts. The rows are in
// LibcModel.def.
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
  Print,    ///< arguments from FirstVararg on are printed out of the program
};

/// What a call does to the lock its first argument points to.
enum class LockEffect : uint8_t { None, Acquire, Release };

constexpr int8_t NoArg = -1;
/// Params value: the signature is not checked (builtins).
constexpr int8_t AnyParams = -1;
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
  /// What is kept is read only by a later call that resumes the work
  /// (strtok(NULL, ...)): no evidence of a dangling address on its own.
  bool RetainsForResume = false;
  uint8_t Threads = 0; ///< bit i: argument i is handed to a thread
  /// Bit i: the bytes argument i points to leave the program (a file, a
  /// socket) and may be read back as numbers.
  uint8_t WritesOut = 0;
  int8_t CopyDst = NoArg; ///< *CopyDst = *CopySrc (memcpy)
  int8_t CopySrc = NoArg;
  int8_t StoreDst = NoArg; ///< *StoreDst = StoreSrc (strtol's endptr)
  int8_t StoreSrc = NoArg;
  int8_t Callback = NoArg;    ///< a function pointer argument called with...
  uint8_t CallbackArgs = 0;   ///< ...these arguments (qsort, bsearch)
  int8_t FirstVararg = NoArg; ///< Scanf, Sprintf, Print
  int8_t ScanSource = NoArg;  ///< Scanf: the string scanned (sscanf)
  // Allocators.
  AllocKind Alloc = AllocKind::Malloc;
  int8_t Size0 = NoArg, Size1 = NoArg, Align = NoArg;
  // libc's signature: a function with the name but other parameters is not
  // this one.
  int8_t Params = AnyParams;
  bool Variadic = false;
  /// False: the escape analysis treats the function as unknown.
  bool ModelledForEscape = true;
  // False sharing.
  LockEffect Lock = LockEffect::None;
  int8_t ThreadStart = NoArg; ///< the new thread's start function
  /// Returns only once other threads are done with what they were handed
  /// (a join, or a wait a creator does until its thread has copied them).
  bool WaitsForThreads = false;

  /// Whether the result is new storage: a heap block (malloc and its kin)
  /// or the caller's frame (alloca).
  bool makesStorage() const {
    return Kind == LibcKind::Allocate || Kind == LibcKind::Alloca;
  }
};

/// The model of \p Callee, by name when its signature matches libc's, or
/// after stripping `__builtin_` and fortify (`__*_chk`) decorations; null
/// when the function is not modelled.
const LibcFunction *lookupLibc(const clang::FunctionDecl *Callee);

/// The row named exactly \p Name, whatever the callee's signature or the
/// escape model: false sharing's locks and thread starts. Null when absent.
const LibcFunction *libcNamed(llvm::StringRef Name);

} // namespace cescape::escape

#endif
