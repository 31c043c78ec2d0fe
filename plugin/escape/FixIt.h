//===- FixIt.h - rewriting a heap allocation as a stack array ---*- C++ -*-===//
//
// `char *p = malloc(64); ... free(p);` becomes
// `char p_storage[64]; char *p = p_storage; ...` with the frees removed:
// the pointer stays a pointer (sizeof p, p++ and reassignment keep their
// meaning), the array lives in the scope of the outermost variable that may
// hold the address, calloc storage is zeroed, and malloc's alignment is
// kept. No rewrite inside macros (a call that is a whole macro invocation,
// like curl's `malloc(n)`, is rewritten) or when a type cannot be spelled.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_FIXIT_H
#define CESCAPE_ESCAPE_FIXIT_H

#include "Graph.h"

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace clang {
class ASTContext;
class ParentMap;
class VarDecl;
} // namespace clang

namespace cescape::escape {

/// The next number to try for each storage name stem (`p_storage`) of a
/// batch.
using NameCounters = llvm::StringMap<unsigned>;

struct StackRewrite {
  std::string Declaration;             ///< e.g. `char p_storage[64]`
  std::vector<clang::FixItHint> Hints; ///< empty: no safe rewrite
  /// Where the array must be declared, for a rewrite by hand: beside the
  /// outermost variable that may hold the address (`beside 'p'`).
  std::string Scope;
};

/// Plans the rewrite of \p Site, a non-escaping allocation of \p Size bytes.
/// \p Holders are the named locals that may hold its address; \p UsedNames
/// keeps storage names unique within the translation unit.
StackRewrite planStackRewrite(const AllocSite &Site, uint64_t Size,
                              llvm::ArrayRef<Location *> Holders,
                              const clang::ParentMap &Parents,
                              clang::ASTContext &Ctx,
                              NameCounters &UsedNames);

/// Plans the rewrite of \p Site, a non-escaping allocation of a variable
/// size, as a \p Bytes stack buffer with the heap as fallback:
/// `char *p = malloc(n);` becomes
/// `_Alignas(16) char p_small[256]; char *p = ((__SIZE_TYPE__)(n) <= sizeof
/// p_small ? (void *)p_small : malloc(n));` and each `free(p);`
/// `if (p != (void *)p_small) free(p);`. Only when the size is one
/// side-effect-free expression times constants, and each free's argument
/// can be evaluated twice.
StackRewrite
planSmallBuffer(const AllocSite &Site, uint64_t Bytes,
                llvm::ArrayRef<Location *> Holders,
                const clang::ParentMap &Parents, clang::ASTContext &Ctx,
                NameCounters &UsedNames,
                const llvm::DenseSet<const clang::VarDecl *> &Reassigned);

} // namespace cescape::escape

#endif
