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
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <map>
#include <optional>
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
};

struct Object {
  ObjKind Kind;
  const void *Key;    ///< Expr or CallExpr; the index for ParamMem
  const VarDecl *Var; ///< Frame, Global: the variable
  /// Heap: one block per call of the function (its allocation lies on no
  /// cycle of the CFG), so a write to one of its cells replaces what the
  /// cell held.
  bool Single;
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

/// A map kept as a sorted vector: the dataflow copies, merges and compares
/// whole states at every block, and a map of nodes would allocate for each
/// cell and address every time.
template <class Key, class Val, unsigned N> class FlatMap {
public:
  using value_type = std::pair<Key, Val>;
  using iterator = value_type *;
  using const_iterator = const value_type *;

  FlatMap() = default;
  FlatMap(std::initializer_list<value_type> Init) {
    for (const value_type &P : Init)
      try_emplace(P.first, P.second);
  }

  iterator begin() { return Items.begin(); }
  iterator end() { return Items.end(); }
  const_iterator begin() const { return Items.begin(); }
  const_iterator end() const { return Items.end(); }
  size_t size() const { return Items.size(); }
  bool empty() const { return Items.empty(); }
  void clear() { Items.clear(); }

  iterator lower_bound(const Key &K) {
    return std::lower_bound(begin(), end(), K, keyLess);
  }
  const_iterator lower_bound(const Key &K) const {
    return std::lower_bound(begin(), end(), K, keyLess);
  }
  iterator find(const Key &K) {
    iterator It = lower_bound(K);
    return It != end() && It->first == K ? It : end();
  }
  const_iterator find(const Key &K) const {
    const_iterator It = lower_bound(K);
    return It != end() && It->first == K ? It : end();
  }
  size_t count(const Key &K) const { return find(K) != end(); }

  template <class... Args>
  std::pair<iterator, bool> try_emplace(const Key &K, Args &&...A) {
    iterator It = lower_bound(K);
    if (It != end() && It->first == K)
      return {It, false};
    return {Items.insert(It, value_type(K, Val(std::forward<Args>(A)...))),
            true};
  }
  std::pair<iterator, bool> emplace(const Key &K, const Val &V) {
    return try_emplace(K, V);
  }
  Val &operator[](const Key &K) { return try_emplace(K).first->second; }
  iterator erase(iterator It) { return Items.erase(It); }

  bool operator==(const FlatMap &O) const { return Items == O.Items; }

private:
  static bool keyLess(const value_type &P, const Key &K) { return P.first < K; }
  llvm::SmallVector<value_type, N> Items;
};

/// The addresses a cell may hold, each with where it was stored there.
using Value = FlatMap<Ref, SourceLocation, 2>;

void merge(Value &Into, const Value &From);

/// Whether a value of type \p T can hold an address: pointers, aggregates,
/// and integers as wide as a pointer.
bool mayHoldAddress(clang::QualType T, const ASTContext &Ctx);

struct State {
  bool Reached = false;
  FlatMap<Ref, Value, 0> Cells;
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
  /// The result, when it is not null, is a fresh block that holds the
  /// value of parameter Src at the field path Path (Obj unused), on every
  /// path that returns it (SQLite's sqlite3VdbeCreate: `p->pParse =
  /// pParse; return p;`).
  struct ResultStore {
    dangling::Ref Path;
    unsigned Src;
  };
  std::vector<ResultStore> ResultStores;
  llvm::SmallBitVector Kept;     ///< kept in memory outliving the call
  llvm::SmallBitVector Returned; ///< the result may be the argument
};

namespace dangling {

/// The dataflow of one function.
class FunctionFlow {
public:
  /// \p Callees: their summaries and effects. \p Must: facts that hold on
  /// every path (a summary's, so that a callee keeping its argument on one
  /// path only, or only when a flag says so, is no evidence in its
  /// callers); otherwise on some path. \p Depth: how many calls deep
  /// summaries are consulted (DanglingCheck::summary).
  FunctionFlow(const FunctionDecl *Fn, ASTContext &Ctx, DanglingCheck &Callees,
               bool Must, unsigned Depth)
      : Fn(Fn), Ctx(Ctx), Callees(Callees), Must(Must), Depth(Depth) {
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

  /// Must: what the fresh block the function returns holds of its
  /// parameters at exit, on every path that does not return a null
  /// pointer.
  std::vector<DanglingCheck::Summary::ResultStore> resultStores() const;

  std::vector<Object> Objects;
  State Exit;
  /// Must, for a function returning a pointer: the state at exit over the
  /// paths that do not return a null pointer constant.
  State ExitNonNull;

private:
  unsigned object(ObjKind Kind, const void *Key, const VarDecl *Var = nullptr) {
    auto [It, New] =
        ObjectIds.try_emplace({Kind, Var ? Var : Key}, Objects.size());
    if (New)
      Objects.push_back({Kind, Key, Var, Kind == ObjKind::Heap && !InCycle});
    return It->second;
  }
  ObjKind kind(const Ref &R) const { return Objects[R.Obj].Kind; }
  /// Whether a write to exactly \p Cell replaces what it held: not in
  /// memory we cannot name one block of, nor in a heap cell standing for
  /// the blocks of several iterations.
  bool strongCell(const Ref &Cell) const {
    ObjKind K = kind(Cell);
    return K != ObjKind::Outside &&
           (K != ObjKind::Heap || Objects[Cell.Obj].Single);
  }
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
  /// A call handed \p Args: forgets the frame addresses it may overwrite
  /// (\p Anything: it writes pointers outside its frame; \p Visible: its
  /// body is seen).
  void forgetReachable(const std::vector<Value> &Args, bool Anything,
                       bool Visible, State &St);
  void intersect(State &Into, const State &Other) const;
  /// Whether the Kept cell \p Cell is the C library's (setvbuf), not a
  /// visible callee's.
  bool keptByLibrary(const Ref &Cell) const;
  /// The cell of local variable \p VD, if the flow has met it.
  std::optional<Ref> variable(const VarDecl *VD) const;
  /// What local \p VD holds in \p St, if anything was stored there.
  const Value *valueOf(const VarDecl *VD, const State &St) const;
  /// The block allocated once per call that \p V holds, if it holds only
  /// that.
  std::optional<unsigned> singleBlock(const Value &V) const;
  /// Whether local pointer \p VD holds frame addresses only in \p St (a
  /// local's, alloca's): then it is not null.
  bool neverNull(const VarDecl *VD, const State &St) const;
  /// On a branch where \p VD is null: it holds no address, and the only
  /// block it could hold (singleBlock()) was never made.
  void assumeNull(const VarDecl *VD, State &St) const;

  Place place(const Expr *E, const State &St);
  Place pointsTo(const Value &V) const;
  Value rvalue(const Expr *E, const State &St);
  Value load(const Place &P, const State &St) const;
  Value get(const Ref &Cell, const State &St) const;
  Value addresses(const Place &P, SourceLocation Where) const;

  const FunctionDecl *Fn;
  ASTContext &Ctx;
  DanglingCheck &Callees;
  const bool Must;
  const unsigned Depth;
  std::map<std::pair<ObjKind, const void *>, unsigned> ObjectIds;
  /// The value each call returned when last evaluated: read by the
  /// expression around it, which comes after it in the same round, so it
  /// stays out of the state that is copied from block to block.
  llvm::DenseMap<const CallExpr *, Value> CallValues;
  unsigned OutsideObj, UnknownObj;
  /// Whether the block being transferred lies on a cycle of the CFG.
  bool InCycle = false;
  /// Must: a return statement may give one of several objects.
  bool MixedResult = false;
  bool Overflow = false;
};

} // namespace dangling
} // namespace cescape::escape

#endif
