//===- Spelling.h - suggested code in the unit's own C dialect --*- C++ -*-===//
//
// What cescape writes into messages and fix-its must compile where the
// user's code does: `_Alignas` is C11, while C99 builds (git's DEVELOPER=1
// uses -std=gnu99 -pedantic -Werror) need the GNU attribute.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_UTILS_SPELLING_H
#define CESCAPE_UTILS_SPELLING_H

#include "clang/Basic/LangOptions.h"

#include <cstdint>
#include <string>

namespace cescape {

/// The alignment specifier for \p Bytes, written before a declaration.
inline std::string alignmentSpecifier(uint64_t Bytes,
                                      const clang::LangOptions &LO) {
  std::string N = std::to_string(Bytes);
  return LO.C11 ? "_Alignas(" + N + ")" : "__attribute__((aligned(" + N + ")))";
}

} // namespace cescape

#endif
