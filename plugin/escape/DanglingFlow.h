//===- DanglingFlow.h - the dataflow of the dangling check -----*- C++ -*-===//
//
// The state of Dangling.cpp's forward dataflow over one function's CFG and
// its transfer functions: cells (an object and a field path) map to the
// addresses they may hold, each with where it was stored. Internal to the
// dangling check; see Dangling.h for the model.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_DANGLINGFLOW_H
#define CESCAPE_ESCAPE_DANGLINGFLOW_H

#include "Dangling.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallBitVector.h"

#include <array>
#include <map>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class Expr;
class Stmt;
} // namespace clang

namespace cescape::escape {
namespace dangling {

using clang::ASTContext;
using clang::CallExpr;
using clang::Expr;
using clang::FieldDecl;
using clang::FunctionDecl;
using clang::SourceLocation;
using clang::Stmt;
using clang::VarDecl;

enum class ObjKind : uint8_t {
  Frame,     ///< a local, parameter, compound literal or alloca
  ParamMem,  ///< what a pointer parameter points to on entry
  Global,    ///< a global or static variable
  Outside,   ///< other memory a parameter or a global reaches
  Heap,      ///< the blocks one allocation call returns
  Unknown,   ///< what code we cannot see returns: no evidence through it
  Result,    ///< the function's return value
  Kept,      ///< what one call keeps after it returns
  ThreadArg, ///< what one call hands to a new thread
  CallValue, ///< the value one call returned
};

struct Object {
  ObjKind Kind;
  const void *Key;    ///< Expr or CallExpr; the index for ParamMem
  const VarDecl *Var; ///< Frame, Global: the variable
};

constexpr unsigned MaxFields = 3;

/// An address: an object and a path of fields into it. It also names the
/// cell at that address.
struct Ref {
  unsigned Obj = 0;
  uint8_t Depth = 0;
  std::array<const FieldDecl *, MaxFields> Fields{};

  bool operator<(const Ref &O) const {
    return std::tie(Obj, Depth, Fields) < std::tie(O.Obj, O.Depth, O.Fields);
  }
  bool operator==(const Ref &O) const {
    return Obj == O.Obj && Depth == O.Depth && Fields == O.Fields;
  }
  const FieldDecl *last() const { return Depth ? Fields[Depth - 1] : nullptr; }
  bool hasPrefix(const Ref &P) const {
    if (Obj != P.Obj || Depth < P.Depth)
      return false;
    return std::equal(P.Fields.begin(), P.Fields.begin() + P.Depth,
                      Fields.begin());
  }
  /// This address with \p Suffix's fields appended; false when the path
  /// is too long (the cell then stands for all its longer paths).
  bool append(const Ref &Suffix, unsigned From) {
    bool Fits = true;
    for (unsigned I = From; I < Suffix.Depth; ++I) {
      if (Depth == MaxFields) {
        Fits = false;
        break;
      }
      Fields[Depth++] = Suffix.Fields[I];
    }
    return Fits;
  }
};

/// The addresses a cell may hold, each with where it was stored there.
using Value = std::map<Ref, SourceLocation>;

void merge(Value &Into, const Value &From);

struct State {
  bool Reached = false;
  std::map<Ref, Value> Cells;
  bool operator==(const State &O) const {
    return Reached == O.Reached && Cells == O.Cells;
  }
};

/// Where a store goes.
struct Place {
  std::vector<Ref> Cells;
  bool Exact = true;       ///< one cell, and exactly it
  bool ViaPointer = false; ///< reached through a pointer, not by name
  bool Unknown = false;    ///< (also) memory we cannot name
  const FieldDecl *UnknownField = nullptr; ///< the field written there
};

} // namespace dangling

/// What a call to a visible function does with its pointer arguments, as
/// far as a dangling warning is concerned.
struct DanglingCheck::Summary {
  struct ParamStore {
    unsigned Dst; ///< the callee stores into what this parameter points to,
    dangling::Ref Path; ///< at this field path (Obj unused),
    unsigned Src;       ///< the value of this parameter
  };
  std::vector<ParamStore> Stores;
  llvm::SmallBitVector Kept;     ///< kept in memory outliving the call
  llvm::SmallBitVector Returned; ///< the result may be the argument
  bool WritesOutside = false;    ///< may store pointers the caller can see
  bool Waits = false;            ///< joins threads or waits for them
};

namespace dangling {

using SummaryOf =
    llvm::function_ref<const DanglingCheck::Summary *(const FunctionDecl *)>;

/// The dataflow of one function.
class FunctionFlow {
public:
  /// \p Must: facts that hold on every path (a summary's, so that a callee
  /// keeping its argument on one path only, or only when a flag says so,
  /// is no evidence in its callers); otherwise on some path.
  FunctionFlow(const FunctionDecl *Fn, ASTContext &Ctx, SummaryOf Summaries,
               bool Must)
      : Fn(Fn), Ctx(Ctx), Summaries(Summaries), Must(Must) {
    OutsideObj = object(ObjKind::Outside, nullptr);
    UnknownObj = object(ObjKind::Unknown, nullptr);
  }

  /// Runs to a fixed point; false when a budget ran out (no verdict then).
  bool run();

  /// A frame address found in memory that outlives the frame at exit.
  struct Evidence {
    unsigned Obj;
    ObjKind Holder;     ///< the root's kind (Heap: a block reached from one)
    const CallExpr *By; ///< Kept, ThreadArg: the call
    SourceLocation Where;
  };
  /// Each address of \p Of objects held by memory that outlives the frame
  /// at exit, with the root it was found from (first by priority). \p Owner:
  /// for summaries, the parameter index that rooted a heap block.
  void evidence(ObjKind Of,
                llvm::function_ref<void(const Ref &Found, const Ref &Cell,
                                        const Evidence &E)>
                    Visit) const;

  std::vector<Object> Objects;
  State Exit;
  bool WritesOutside = false;
  bool Waits = false;

private:
  unsigned object(ObjKind Kind, const void *Key, const VarDecl *Var = nullptr) {
    auto [It, New] =
        ObjectIds.try_emplace({Kind, Var ? Var : Key}, Objects.size());
    if (New)
      Objects.push_back({Kind, Key, Var});
    return It->second;
  }
  ObjKind kind(const Ref &R) const { return Objects[R.Obj].Kind; }
  Ref ref(ObjKind Kind, const void *Key) { return Ref{object(Kind, Key)}; }
  Ref ref(ObjKind Kind, const VarDecl *Var) {
    return Ref{object(Kind, nullptr, Var->getCanonicalDecl())};
  }

  void transfer(const Stmt *S, State &St);
  void declare(const VarDecl *VD, State &St);
  void assign(const Place &Dst, const Expr *Src, SourceLocation Where,
              State &St);
  void store(const Place &Dst, const Value &V, bool PointerWrite,
             SourceLocation Where, State &St);
  void copyCells(const Place &Dst, const Place &Src, SourceLocation Where,
                 State &St);
  void call(const CallExpr *Call, State &St);
  void forgetReachable(const std::vector<Value> &Args, bool Anything,
                       State &St);
  void intersect(State &Into, const State &Other) const;

  Place place(const Expr *E, const State &St);
  Place pointsTo(const Value &V) const;
  Value rvalue(const Expr *E, const State &St);
  Value load(const Place &P, const State &St) const;
  Value get(const Ref &Cell, const State &St) const;
  Value addresses(const Place &P, SourceLocation Where) const;

  const FunctionDecl *Fn;
  ASTContext &Ctx;
  SummaryOf Summaries;
  const bool Must;
  std::map<std::pair<ObjKind, const void *>, unsigned> ObjectIds;
  unsigned OutsideObj, UnknownObj;
  bool Overflow = false;
};

} // namespace dangling
} // namespace cescape::escape

#endif
