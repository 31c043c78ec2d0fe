//===- SizeFold.h - constant sizes of allocations ---------------*- C++ -*-===//
//
// An allocation can become a stack array only when its size is a constant:
// `sizeof`, constant arithmetic, and locals that are initialized once and
// never reassigned (`size_t n = 64; malloc(n)`), like Go's reassignment
// oracle for `make`.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_SIZEFOLD_H
#define CESCAPE_ESCAPE_SIZEFOLD_H

#include "llvm/ADT/DenseSet.h"

#include <cstdint>
#include <optional>

namespace clang {
class ASTContext;
class Expr;
class VarDecl;
} // namespace clang

namespace cescape::escape {

struct AllocSite;

/// The value of \p E if it is a non-negative constant.
std::optional<uint64_t>
foldConstant(const clang::Expr *E, const clang::ASTContext &Ctx,
             const llvm::DenseSet<const clang::VarDecl *> &Reassigned);

/// The size in bytes of the block \p Site allocates, if constant.
std::optional<uint64_t>
allocationSize(const AllocSite &Site, const clang::ASTContext &Ctx,
               const llvm::DenseSet<const clang::VarDecl *> &Reassigned);

} // namespace cescape::escape

#endif
