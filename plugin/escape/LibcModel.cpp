//===- LibcModel.cpp - the table of modelled C library functions ----------===//
#include "LibcModel.h"
#include "ClangCompat.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/StringMap.h"

#include <cassert>

namespace cescape::escape {

// The signatures and effects LibcModel.def's rows are written with.

static LibcFunction params(int8_t Count) {
  LibcFunction F{nullptr};
  F.Params = Count;
  return F;
}

static LibcFunction varargsAfter(int8_t Count) {
  LibcFunction F = params(Count);
  F.Variadic = true;
  return F;
}

static LibcFunction anyParams() { return LibcFunction{nullptr}; }

static auto allocates(AllocKind Kind, int8_t Size0, int8_t Size1 = NoArg,
                      int8_t Align = NoArg) {
  return [=](LibcFunction &F) {
    F.Kind = LibcKind::Allocate;
    F.Alloc = Kind;
    F.Size0 = Size0;
    F.Size1 = Size1;
    F.Align = Align;
  };
}

static auto kind(LibcKind Kind) {
  return [=](LibcFunction &F) { F.Kind = Kind; };
}

static auto resultIn(int8_t Arg, int8_t Derefs = 0) {
  return [=](LibcFunction &F) {
    F.ResultAlias = Arg;
    F.ResultDerefs = Derefs;
  };
}

static auto resultAlsoIn(int8_t Arg, int8_t Derefs) {
  return [=](LibcFunction &F) {
    F.ResultAlias2 = Arg;
    F.ResultDerefs2 = Derefs;
  };
}

static auto resultUnknown() {
  return [](LibcFunction &F) { F.ResultUnknown = true; };
}

static auto retains(int8_t Arg) {
  return [=](LibcFunction &F) { F.Retains |= 1 << Arg; };
}

static auto handsToThread(int8_t Arg) {
  return [=](LibcFunction &F) { F.Threads |= 1 << Arg; };
}

static auto copies(int8_t Dst, int8_t Src) {
  return [=](LibcFunction &F) {
    F.CopyDst = Dst;
    F.CopySrc = Src;
  };
}

static auto stores(int8_t Dst, int8_t Src) {
  return [=](LibcFunction &F) {
    F.StoreDst = Dst;
    F.StoreSrc = Src;
  };
}

template <typename... Args>
static auto callsBack(int8_t Callback, Args... CalledWith) {
  return [=](LibcFunction &F) {
    F.Callback = Callback;
    F.CallbackArgs = ((1 << CalledWith) | ...);
  };
}

static auto scans(int8_t FirstVararg, int8_t Source = NoArg) {
  return [=](LibcFunction &F) {
    F.Kind = LibcKind::Scanf;
    F.FirstVararg = FirstVararg;
    F.ScanSource = Source;
  };
}

// A "%p" printed into a buffer can be scanned back into a pointer: the
// buffer holds what is printed into it.
static auto printsIntoArg0(int8_t FirstVararg) {
  return [=](LibcFunction &F) {
    F.Kind = LibcKind::Sprintf;
    F.FirstVararg = FirstVararg;
  };
}

// printf("%p", p) prints an address a scanf can read back.
static auto printsOut(int8_t FirstVararg) {
  return [=](LibcFunction &F) {
    F.Kind = LibcKind::Print;
    F.FirstVararg = FirstVararg;
  };
}

static auto writesOut(int8_t Arg) {
  return [=](LibcFunction &F) { F.WritesOut |= 1 << Arg; };
}

static auto acquiresLock() {
  return [](LibcFunction &F) { F.Lock = LockEffect::Acquire; };
}

static auto releasesLock() {
  return [](LibcFunction &F) { F.Lock = LockEffect::Release; };
}

static auto startsThread(int8_t Start) {
  return [=](LibcFunction &F) { F.ThreadStart = Start; };
}

static auto retainsForResume(int8_t Arg) {
  return [=](LibcFunction &F) {
    F.Retains |= 1 << Arg;
    F.RetainsForResume = true;
  };
}

static auto waitsForThreads() {
  return [](LibcFunction &F) { F.WaitsForThreads = true; };
}

static auto unmodelledForEscape() {
  return [](LibcFunction &F) { F.ModelledForEscape = false; };
}

template <typename... Effects>
static LibcFunction row(const char *Name, LibcFunction Signature,
                        Effects... Apply) {
  LibcFunction F = Signature;
  F.Name = Name;
  (Apply(F), ...);
  return F;
}

static const llvm::StringMap<LibcFunction> &table() {
  static const llvm::StringMap<LibcFunction> Map = [] {
    llvm::StringMap<LibcFunction> M;
    for (const LibcFunction &F : {
#define LIBC(Name, ...) row(#Name, __VA_ARGS__),
#include "LibcModel.def"
         }) {
      [[maybe_unused]] bool Added = M.try_emplace(F.Name, F).second;
      assert(Added && "a function with two rows in LibcModel.def");
    }
    return M;
  }();
  return Map;
}

const LibcFunction *libcNamed(llvm::StringRef Name) {
  auto It = table().find(Name);
  return It == table().end() ? nullptr : &It->second;
}

/// The model of \p Callee by the name \p Name: that function of the C
/// library if the declared parameters agree, or the builtin or fortified
/// variant of one.
static const LibcFunction *lookupName(const clang::FunctionDecl *Callee,
                                      llvm::StringRef Name) {
  if (const LibcFunction *F = libcNamed(Name)) {
    if (F->Params != AnyParams && Callee->hasPrototype() &&
        (Callee->getNumParams() != unsigned(F->Params) ||
         Callee->isVariadic() != F->Variadic))
      return nullptr;
    return F->ModelledForEscape ? F : nullptr;
  }
  // __builtin_memcpy, __builtin___memcpy_chk, __memcpy_chk: the same model
  // (the fortified ones add trailing size arguments only).
  if (!Callee->getBuiltinID() && !Name.starts_with("__"))
    return nullptr;
  Name.consume_front("__builtin_");
  if (Name.consume_back("_chk"))
    Name.consume_front("__");
  const LibcFunction *F = libcNamed(Name);
  return F && F->ModelledForEscape ? F : nullptr;
}

const LibcFunction *lookupLibc(const clang::FunctionDecl *Callee) {
  if (!Callee->getIdentifier())
    return nullptr;
  if (const LibcFunction *F = lookupName(Callee, Callee->getName()))
    return F;
  // glibc's fortified headers call `__read_alias` and `__read_chk_warn`,
  // declared with __asm__("read") and __asm__("__read_chk"): the symbol the
  // call reaches is what to model.
  if (const auto *Label = Callee->getAttr<clang::AsmLabelAttr>())
    return lookupName(Callee, Label->getLabel());
  return nullptr;
}

} // namespace cescape::escape
