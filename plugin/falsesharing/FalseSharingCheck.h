//===- FalseSharingCheck.h - contended fields on one cache line -*- C++ -*-===//
//
// false-sharing: two independently contended fields of a struct can land on
// one cache line. array-false-sharing: threads write their own elements of
// an array of structs (`slots[id].n++`) and neighbouring elements can share
// a line. Each finding gives the bytes that separate them (_Alignas on a
// field, or a char pad), with an _Alignas fix-it where that is safe.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_FALSESHARING_FALSESHARINGCHECK_H
#define CESCAPE_FALSESHARING_FALSESHARINGCHECK_H

#include "Check.h"

namespace cescape::falsesharing {

class FalseSharingCheck : public Check {
public:
  using Check::Check;
  void run(clang::ASTContext &Ctx) override;
};

} // namespace cescape::falsesharing

#endif
