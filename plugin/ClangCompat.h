//===- ClangCompat.h - what differs between the Clang majors ----*- C++ -*-===//
//
// The plugin builds against Clang 14, 15, 16 and 19 (all that Debian 12
// has) from one source. Every API difference between those majors is
// bridged here, keyed on CLANG_VERSION_MAJOR, so that the analyses are
// written once against Clang 19's API; a file that uses one of these
// includes this header. When the oldest supported major moves up, the
// shims below it go.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_CLANGCOMPAT_H
#define CESCAPE_CLANGCOMPAT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Type.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/StringSaver.h"

#include <optional>
#include <string>
#include <vector>

#if CLANG_VERSION_MAJOR < 16
// StringRef's C++20 spellings arrived in 16. No header of 14 or 15 spells
// these words, so the renaming touches the plugin's own code only.
#define starts_with startswith
#define ends_with endswith
#endif

#if CLANG_VERSION_MAJOR < 18
namespace clang {
// 18 moved ArrayType::ArraySizeModifier to the namespace as an enum class;
// the unscoped enum takes the same qualified spelling (`::Normal`).
using ArraySizeModifier = ArrayType::ArraySizeModifier;
} // namespace clang
#endif

/// C23's #embed, an expression of its own since 19.
#define CESCAPE_HAS_EMBED_EXPR (CLANG_VERSION_MAJOR >= 19)

namespace cescape {

/// An llvm::json getter's result as std::optional (before 16 they return
/// llvm::Optional, which does not convert).
template <typename T> std::optional<T> stdOptional(std::optional<T> V) {
  return V;
}
#if CLANG_VERSION_MAJOR < 16
template <typename T> std::optional<T> stdOptional(llvm::Optional<T> V) {
  return V ? std::optional<T>(*V) : std::nullopt;
}
#endif

/// The compilation as `clang -cc1` arguments, "-cc1" first
/// (getCC1CommandLine is 16's).
inline std::vector<std::string>
cc1CommandLine(const clang::CompilerInvocation &Invocation) {
#if CLANG_VERSION_MAJOR >= 16
  return Invocation.getCC1CommandLine();
#else
  llvm::BumpPtrAllocator Arena;
  llvm::StringSaver Saver(Arena);
  llvm::SmallVector<const char *, 64> Args{"-cc1"};
  Invocation.generateCC1CommandLine(
      Args, [&](const llvm::Twine &Arg) { return Saver.save(Arg).data(); });
  return std::vector<std::string>(Args.begin(), Args.end());
#endif
}

/// An ordinary string literal of type \p Ty spelling \p Text (the kind's
/// enum left StringLiteral in 18; 15 renamed Ascii to Ordinary).
inline clang::StringLiteral *stringLiteral(clang::ASTContext &Ctx,
                                           llvm::StringRef Text,
                                           clang::QualType Ty) {
#if CLANG_VERSION_MAJOR >= 18
  auto Kind = clang::StringLiteralKind::Ordinary;
#elif CLANG_VERSION_MAJOR >= 15
  auto Kind = clang::StringLiteral::Ordinary;
#else
  auto Kind = clang::StringLiteral::Ascii;
#endif
  return clang::StringLiteral::Create(Ctx, Text, Kind, /*Pascal=*/false, Ty,
                                      clang::SourceLocation());
}

} // namespace cescape

#endif // CESCAPE_CLANGCOMPAT_H
