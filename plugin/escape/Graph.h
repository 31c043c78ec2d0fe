//===- Graph.h - the escape graph: locations and edges ----------*- C++ -*-===//
//
// Go's escape-analysis model (cmd/compile/internal/escape/graph.go) adapted
// to C. A Location is one abstract storage cell: a local variable or
// parameter, an allocation site, a frame object without a name (compound
// literal, alloca), an expression temporary, a function's result, or a
// pseudo-location (a "root" that outlives every frame, such as globals).
// An Edge says that the value of Src, dereferenced Derefs times (-1: its
// address), flows into Dst. A local struct that no code reaches but by its
// name (no address taken, no array in it decayed) has a location per field,
// down to MaxFieldDepth levels; members of any other struct, of a union or
// of an array share their object's location.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_GRAPH_H
#define CESCAPE_ESCAPE_GRAPH_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <climits>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CallExpr;
class Expr;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace cescape::escape {

/// Why an allocation stays on the heap: the fixed vocabulary of escape
/// reasons (README, "Escape reasons").
enum class Reason : uint8_t {
#define REASON(Id, Word, Explanation) Id,
#include "Reasons.def"
  Last = Integer
};
/// The reason's word in messages: `escapes (global)`.
const char *reasonWord(Reason R);
/// Why an address escapes, after "it": "is returned to the caller".
const char *escapeExplanation(Reason Why);

enum class LocKind : uint8_t {
  Local,        ///< a named local variable or parameter
  Alloc,        ///< a heap allocation site
  FrameObject,  ///< unnamed frame storage: compound literal, alloca
  Temp,         ///< an expression temporary
  Result,       ///< a function's return value
  ParamPointee, ///< the caller's memory a pointer parameter points to
  Root,         ///< a pseudo-location that outlives every frame
  Mutator,      ///< collects addresses that callees may write through
  FreeSink,     ///< collects what a function frees (for its summary)
};

struct Location;

/// The loops (for/while/do bodies, and backward-goto regions) a statement is
/// in, as sorted ids. Regions of different gotos may overlap without
/// nesting, so a set, not a depth.
using LoopSet = llvm::SmallVector<unsigned, 2>;

/// Whether every loop in \p Inner is also in \p Outer.
bool inLoopsOf(const LoopSet &Inner, const LoopSet &Outer);

struct Edge {
  Location *Src;
  Location *Dst;
  int Derefs;
  clang::SourceLocation Where;
  const char *Why;
};

struct Location {
  LocKind Kind;
  const clang::FunctionDecl *Fn = nullptr; ///< owner, null for pseudo roots
  const clang::VarDecl *Var = nullptr;     ///< Local
  /// Alloc, FrameObject; Temp: the expression whose value it holds
  const clang::Expr *Site = nullptr;
  LoopSet Loops;       ///< the loops its declaration or allocation is in
  int ParamIndex = -1; ///< Local parameter, ParamPointee
  Reason RootReason = Reason::None; ///< Root, ParamPointee
  /// Root: a stack address reaching it is certainly a dangling pointer
  /// (stored in a global, through a parameter...), as opposed to merely
  /// handed to code we cannot see.
  bool RootCertain = false;
  std::vector<Edge *> In;

  // Results of solving.
  bool Escapes = false;
  bool EscapeCertain = false;
  bool Exposed = false;       ///< someone else may write pointers into it
  bool ReachesWriter = false; ///< parameter handed to code that may write
  Reason Why = Reason::None;
  std::vector<const Edge *> Path; ///< flow path to the root, for -m=2

  // Scratch state of one walk.
  unsigned WalkGen = 0;
  int Derefs = 0;
  const Edge *Next = nullptr;         ///< the edge one step closer to the root
  const Location *WalkRoot = nullptr; ///< the root it was reached from

  // Local: where a storage array for a value it holds can be declared.
  const clang::Stmt *Anchor = nullptr; ///< statement to insert before
  unsigned ScopeDepth = 0;             ///< block nesting of the declaration

  /// Alloc, FrameObject: the expression, for messages; Temp: what it holds
  /// (before Site's text: `*` for the value stored through Site)
  std::string Label;
  /// Local: declared as a type that holds no pointer (Builder::bitsOnly).
  bool BitsOnly = false;
  /// Local: the fields of Var this location stands for (`.len`, `.in.p`);
  /// empty for the whole variable.
  std::string FieldPath;

  bool isParam() const { return Kind == LocKind::Local && ParamIndex >= 0; }
  bool isPseudo() const {
    return Kind == LocKind::Root || Kind == LocKind::Mutator ||
           Kind == LocKind::FreeSink;
  }
  std::string name() const;
};

/// Where an expression's value goes: a destination plus a dereference
/// adjustment (Go's "hole"). A null destination discards the value.
struct Hole {
  Location *Dst = nullptr;
  int Derefs = 0;
  clang::SourceLocation Where;
  const char *Why = "assign";
  /// An integer expression's hole: its value carries no pointer, but one a
  /// cast inside converts to an integer goes here (the root `integer`, or a
  /// pointer the integer is cast back to).
  const Hole *Converted = nullptr;

  bool discards() const { return Dst == nullptr; }
  Hole addr() const { return shift(-1); }
  Hole deref() const { return shift(1); }
  Hole shift(int By) const {
    Hole H = *this;
    H.Derefs += By;
    return H;
  }
  Hole at(clang::SourceLocation At) const {
    Hole H = *this;
    H.Where = At;
    return H;
  }
  Hole note(clang::SourceLocation At, const char *Reason) const {
    Hole H = *this;
    H.Where = At;
    H.Why = Reason;
    return H;
  }
};

/// `*Ptr = Val`: resolved after building, through the points-to set of Ptr.
struct Store {
  Location *Ptr;
  Location *Val;
  clang::SourceLocation Where;
  llvm::SmallVector<Location *, 2> Targets; ///< already connected
};

enum class AllocKind : uint8_t {
  Malloc,      ///< malloc, user allocators: size argument(s)
  Calloc,      ///< zeroed: count * size
  Aligned,     ///< aligned_alloc / memalign: alignment then size
  PageAligned, ///< valloc / pvalloc: page alignment is not a constant
  Realloc,     ///< realloc / reallocarray: consumes its argument
  Strdup,      ///< strdup / strndup: size from the string
  OutParam,    ///< posix_memalign, asprintf: result through a pointer
};

/// One heap allocation site and the facts the verdict needs.
struct AllocSite {
  const clang::CallExpr *Call = nullptr;
  Location *Loc = nullptr;
  AllocKind Kind = AllocKind::Malloc;
  std::string Callee;
  /// Arguments whose product is the size in bytes (alloc_size semantics).
  llvm::SmallVector<const clang::Expr *, 2> SizeArgs;
  const clang::Expr *AlignArg = nullptr;
  /// A constant factor of the size (allocator wrappers: `xmalloc(n)` whose
  /// body allocates n * 4); none when a wrapper's size is not known.
  std::optional<uint64_t> SizeScale = 1;
  /// The size is SizeScale times SizeArgs even when SizeArgs is empty (a
  /// wrapper allocating a constant size).
  bool ScaleOnly = false;
  /// A stack array can replace the call (a wrapper that does more than
  /// allocate cannot be replaced).
  bool Replaceable = true;
  /// The free() calls (or user deallocators) of this allocation alone.
  std::vector<const clang::CallExpr *> Frees;
};

/// A direct call to free() or a declared deallocator.
struct FreeSite {
  const clang::CallExpr *Call;
  Location *Arg;
  const clang::FunctionDecl *Fn;
};

constexpr int NoLeak = INT_MAX;

/// Where one parameter's value goes (Go's leaks): the fewest dereferences
/// after which it reaches each kind of destination, NoLeak for never.
struct ParamLeaks {
  int Heap = NoLeak;                 ///< memory outliving the caller's frame
  int Result = NoLeak;               ///< the function's result
  int Thread = NoLeak;               ///< another thread
  int Frees = NoLeak;                ///< free()
  /// Memory that certainly outlives the caller's frame: a global, the
  /// caller's memory, a callee that keeps it; or an integer, which the
  /// dangling check follows (a subset of Heap: not code we cannot see).
  int Kept = NoLeak;
  llvm::SmallVector<int, 4> Pointee; ///< memory parameter i points to
  /// The callee may write pointers into the memory the parameter reaches.
  bool Mutates = false;

  static void lower(int &Slot, int Derefs) {
    if (Derefs < Slot)
      Slot = Derefs;
  }
};

/// Per function facts gathered while building.
struct FunctionInfo {
  const clang::FunctionDecl *Fn = nullptr;
  Location *Result = nullptr;
  Location *Frees = nullptr; ///< FreeSink
  std::vector<Location *> Params;
  std::vector<Location *> ParamPointees;
  std::vector<Location *> Locals;     ///< named locals and frame objects
  bool LoopsWithoutStructure = false; ///< setjmp or computed goto
  std::vector<ParamLeaks> Leaks;      ///< per parameter, filled by solving
};

/// The graph of one batch: a strongly connected component of the call graph,
/// solved as one (Go's batch).
class Graph {
public:
  Graph();
  Graph(const Graph &) = delete;
  Graph &operator=(const Graph &) = delete;

  Location *newLocation(LocKind Kind, const clang::FunctionDecl *Fn,
                        LoopSet Loops = {});
  /// Adds the edge Hole.Dst <- Src; drops discards and self-copies.
  void flow(const Hole &H, Location *Src);

  Location *root(Reason R) { return Roots[static_cast<unsigned>(R)]; }
  /// Reason Call, for what a callee certainly keeps (ParamLeaks::Kept): a
  /// stack address reaching it may be a dangling pointer, which the
  /// dangling check then looks for.
  Location *kept() { return Kept; }
  /// Collects the addresses that callees may write pointers through.
  Location *mutator() { return Mutator; }

  std::deque<Location> Locations;
  std::deque<Edge> Edges;
  std::vector<Store> Stores;
  std::vector<AllocSite> Allocs;
  std::vector<FreeSite> FreeSites;
  std::vector<Location *> PreEscaped; ///< escaping before solving
  std::deque<FunctionInfo> Functions;
  llvm::DenseMap<const clang::FunctionDecl *, FunctionInfo *> InfoByDecl;
  llvm::DenseMap<const clang::VarDecl *, Location *> Vars;
  llvm::DenseMap<const clang::Expr *, Location *> FrameObjects;
  llvm::DenseMap<const clang::CallExpr *, unsigned> AllocByCall;
  /// The for, while or do statement of each loop id of a LoopSet; null for
  /// a backward goto's region.
  std::vector<const clang::Stmt *> LoopStmts;

  FunctionInfo *info(const clang::FunctionDecl *Fn);

  unsigned WalkGen = 0;

private:
  Location *Roots[static_cast<unsigned>(Reason::Last) + 1] = {};
  Location *Kept;
  Location *Mutator;
};

} // namespace cescape::escape

#endif
