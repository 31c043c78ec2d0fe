//===- Wrappers.h - the project's own allocators and deallocators -*- C++ -*-=//
//
// Real C code rarely calls malloc directly: git has xmalloc, Redis zmalloc,
// curl a malloc hook, Lua macros. This file decides which calls allocate or
// free besides the C library's:
//   - `alloc=A:F` pairs (option or .cescape), matched by the function's
//     name, a function-pointer variable's name (hooks) or the name of the
//     macro the call is spelled with;
//   - Clang's `ownership_returns` / `ownership_takes` attributes, and the
//     `malloc` / `alloc_size` ones on functions without a body here;
//   - wrappers found inside the translation unit, callees first like
//     summaries, so chains (xmalloc -> xmalloc_or_die -> malloc) are
//     followed: a function whose result is always one fresh block from a
//     known allocator, reachable from nothing else, allocates at its call
//     sites; a function whose body only hands a parameter to a deallocator
//     frees.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_WRAPPERS_H
#define CESCAPE_ESCAPE_WRAPPERS_H

#include "Graph.h"
#include "Options.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace clang {
class ASTContext;
}

namespace cescape::escape {

/// A function that returns a fresh block from a known allocator.
struct AllocatorWrapper {
  AllocKind Kind; ///< of the block it returns: Malloc or Calloc
  /// The size is the product of these parameters' values and SizeScale.
  llvm::SmallVector<unsigned, 2> SizeParams;
  std::optional<uint64_t> SizeScale; ///< none: the size is not known
  /// Its body only allocates (and handles failure): a call can become a
  /// stack array without losing an effect.
  bool OnlyAllocates;
  std::string Inner; ///< the allocator it calls, for messages
};

struct WrapperMap {
  llvm::DenseMap<const clang::FunctionDecl *, AllocatorWrapper> Allocators;
  /// Deallocators and the parameter they free.
  llvm::DenseMap<const clang::FunctionDecl *, unsigned> Deallocators;
};

/// How a call allocates or frees, if it does, other than through the C
/// library's functions (those are in LibcModel).
struct CallRole {
  enum { None, Allocates, Frees } Kind = None;
  const AllocatorWrapper *Wrapper = nullptr; ///< Allocates: found in the TU
  const AllocatorPair *Declared = nullptr;   ///< Allocates: by this alloc=
  unsigned FreedArg = 0;                     ///< Frees
  llvm::StringRef Name;                      ///< what matched, for messages
  /// The declaration the callee's summary and wrapper facts are filed
  /// under: its definition here, or its first declaration when another
  /// unit defines it.
  const clang::FunctionDecl *Key = nullptr;
};

/// The role of \p Call given the options and the wrappers found so far.
/// \p Callee is the function it reaches, if known.
CallRole roleOf(const clang::CallExpr *Call, const clang::FunctionDecl *Callee,
                const Options &Opts, const WrapperMap &Wrappers,
                const clang::ASTContext &Ctx);

/// Adds the batch's function to \p Wrappers if it is an allocator or a
/// deallocator wrapper. Runs after the batch (one function, not recursive)
/// is solved.
void findWrapper(Graph &G, FunctionInfo &F, const Options &Opts,
                 const llvm::DenseSet<const clang::VarDecl *> &Reassigned,
                 clang::ASTContext &Ctx, WrapperMap &Wrappers);

} // namespace cescape::escape

#endif
