//===- Build.h - from the AST to the escape graph ---------------*- C++ -*-===//
//
// Go's expr.go / stmt.go / assign.go / call.go for C: walks each function
// body once, evaluating every expression "into a hole" (where its value
// goes) and adding edges. Calls are in Call.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_BUILD_H
#define CESCAPE_ESCAPE_BUILD_H

#include "Graph.h"
#include "Leaks.h"
#include "Options.h"
#include "ReachingDefs.h"
#include "Wrappers.h"
#include "utils/AST.h"

#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>

namespace clang {
class ASTContext;
class BinaryOperator;
class CallExpr;
class CastExpr;
class DeclStmt;
class CompoundStmt;
class Expr;
class FieldDecl;
class FunctionDecl;
class MemberExpr;
class VarDecl;
class SourceManager;
class Stmt;
} // namespace clang

namespace cescape::escape {

struct LibcFunction;

/// A step into a local split into locations (Builder::splitFields): a
/// field, or an array element at a constant index.
struct PathStep {
  const clang::FieldDecl *Field; ///< null for an element
  uint64_t Index;
  bool operator==(const PathStep &O) const {
    return Field == O.Field && Index == O.Index;
  }
};

/// Whether values of type \p T may hold a pointer: pointers, and records or
/// arrays with a pointer inside.
bool holdsPointers(clang::QualType T, unsigned Depth = 0);

class Builder {
public:
  Builder(Graph &G, clang::ASTContext &Ctx, const Options &Opts,
          const SummaryMap &Summaries, const WrapperMap &Wrappers,
          ReassignedVars &Reassigned);

  /// Creates the parameter and result locations of every function of the
  /// batch; must run before any body is built (calls inside the batch
  /// connect to them).
  void declare(const clang::FunctionDecl *Fn);
  void build(const clang::FunctionDecl *Fn);

private:
  // Statements (Build.cpp).
  void stmt(const clang::Stmt *S);
  void compound(const clang::CompoundStmt *S);
  void declStmt(const clang::DeclStmt *S);
  void asmStmt(const clang::Stmt *S);

  // Expressions (Build.cpp).
  void expr(Hole K, const clang::Expr *E);
  void castExpr(Hole K, const clang::CastExpr *E);
  void binary(Hole K, const clang::BinaryOperator *E);
  void unknownExpr(Hole K, const clang::Expr *E);
  /// `char (*p)[f(x)]`, `(char (*)[n++])q`, `typeof(char[g = p, n])`,
  /// `va_arg(ap, char (*)[n])`: the sizes in a variably modified type run
  /// where the type is used. \p SkipOuterArrays: a declaration's own array
  /// sizes, which its statement's children already evaluate.
  void typeSizes(clang::QualType T, bool SkipOuterArrays);
  /// The hole an assignment to lvalue \p E writes into.
  Hole dest(const clang::Expr *E);
  /// `*Ptr = ...`, `Ptr[i] = ...`, `Ptr->f = ...`: \p Lvalue is that
  /// lvalue.
  Hole storeThrough(const clang::Expr *Ptr, const clang::Expr *Lvalue,
                    clang::SourceLocation Where);
  Location *frameObject(const clang::Expr *E, LoopSet Loops);

  // Pointers turned into integers (Integers.cpp). An integer carries no
  // pointer in the graph: where a pointer becomes one, it escapes, unless
  // the same expression turns it back into a pointer.
  /// The hole for an integer value of type \p T that goes somewhere.
  Hole integerHole(clang::QualType T) const;
  void pointerToInteger(Hole K, const clang::CastExpr *E);
  void integerToPointer(Hole K, const clang::CastExpr *E);
  void bitCast(Hole K, const clang::CastExpr *E);
  /// The integer member of a union that also holds a pointer.
  bool readsPointerAsInteger(const clang::MemberExpr *M) const;
  /// `p->len`, `(*p).len`, `p[i].len`: a number field read through a
  /// pointer by its declared type (what gets into it as bits escapes where
  /// it does: a cast store, memcpy), unless the memory is viewed through a
  /// cast from pointers or its struct holds no pointer at all.
  bool readsOwnField(const clang::MemberExpr *M) const;
  /// The address of the object \p M is a member of, as a temporary.
  Location *objectAddress(const clang::MemberExpr *M);
  /// The hole the pointer \p Ptr is evaluated into to read \p Load (`*Ptr`,
  /// `Ptr[i]`) into \p K: read as an integer that is used, the pointers in
  /// the memory escape.
  Hole loadHole(Hole K, const clang::Expr *Load, const clang::Expr *Ptr) const;
  /// `(uintptr_t *)&p`, `(long *)vp`: a pointer cast from one to memory
  /// that holds pointers.
  bool viewsPointers(const clang::Expr *Ptr) const;
  /// Memory \p Ptr points to is written as integers: it may come to hold any
  /// pointer.
  void writtenAsIntegers(Location *Ptr, clang::SourceLocation Where);
  /// \p L is declared as a type that holds no pointer (an integer, bytes, a
  /// double): a pointer that gets into it by punning (`*(char **)&word =
  /// p`, memcpy, a helper's copy) is read back as bits, so it escapes.
  void bitsOnly(Location *L, clang::QualType T);
  /// `*(char **)bytes = p`, `((char **)&s)[1] = p`: a store of \p Lvalue
  /// through a pointer cast from one to memory that holds numbers where the
  /// store writes (anywhere, when that is not known).
  bool storesOverNumbers(const clang::Expr *Ptr,
                         const clang::Expr *Lvalue) const;
  bool numbersIn(clang::QualType T, uint64_t Begin, uint64_t End,
                 unsigned Depth = 0) const;
  /// memcpy(&word, &ptr, sizeof ptr), which the libc model would not see.
  bool copiesPointersIntoIntegers(const clang::CallExpr *Call) const;
  /// `end - start`, `(uintptr_t)p & 7`, `(uintptr_t)p % 64`: an integer
  /// that holds no address even when made of pointers.
  bool carriesNoAddress(const clang::BinaryOperator *E) const;

  // Fields of local structs, elements of short arrays (Fields.cpp).
  using FieldPath = llvm::SmallVector<PathStep, 3>;
  struct FieldLocation {
    FieldPath Path;
    Location *Loc;
  };
  /// A named local's location, declared where the walk is now.
  Location *newLocal(const clang::VarDecl *V, clang::QualType T,
                     const LoopSet &Loops);
  /// Gives \p V a location per field when nothing reaches it but its name.
  bool splitFields(const clang::VarDecl *V, const LoopSet &Loops);
  /// Gives \p V a location per field of \p T, if T has fields.
  bool addFieldLocations(const clang::VarDecl *V, clang::QualType T,
                         const LoopSet &Loops);
  /// Finds the local pointers of \p Body that hold fresh blocks and are
  /// used only to reach their fields (`q->a`), to free them and to test
  /// them for null: those blocks' fields get locations of their own.
  void findHeldBlocks(const clang::Stmt *Body);
  bool freshOrNull(const clang::Expr *E) const;
  /// The split variable \p E names (`v`, `v.a.b`), or the held block
  /// (`q->a.b`), and the path into it.
  const clang::VarDecl *splitStorage(const clang::Expr *E, FieldPath &Path);
  /// The locations of the fields at or below \p Path, or the one \p Path is
  /// within (a union, an array, a level too deep).
  llvm::SmallVector<Location *, 4> fieldsAt(const clang::VarDecl *V,
                                            const FieldPath &Path);
  /// Where a value written to all of \p Fields at once goes.
  Hole writeAll(llvm::ArrayRef<Location *> Fields, clang::SourceLocation Where);
  /// `v = {...}`, `v.a = {...}`: each initializer into its field.
  void initFields(const clang::VarDecl *V, FieldPath &Path,
                  const clang::Expr *Init, clang::SourceLocation Where);

  // Calls (Call.cpp).
  void call(Hole K, const clang::CallExpr *Call);
  void libcCall(Hole K, const clang::CallExpr *Call, const LibcFunction &F,
                llvm::StringRef Name);
  /// The allocation site of \p Call; with \p EvaluateArgs false the caller
  /// evaluates the arguments.
  AllocSite &allocation(Hole K, const clang::CallExpr *Call,
                        const LibcFunction &F, llvm::StringRef Name,
                        bool EvaluateArgs = true);
  void userAllocation(Hole K, const clang::CallExpr *Call,
                      const clang::FunctionDecl *Callee, const CallRole &Role);
  void wrapperAllocation(Hole K, const clang::CallExpr *Call,
                         const AllocatorWrapper &W,
                         const clang::FunctionDecl *Wrapper);
  llvm::SmallVector<Location *, 6> argumentTemps(const clang::CallExpr *Call);
  void freeCall(const clang::CallExpr *Call, unsigned FreedArg);
  /// A call to \p Callee (null: unknown) whose arguments are evaluated.
  void callFunction(Hole K, clang::SourceLocation Where,
                    const clang::FunctionDecl *Callee,
                    llvm::ArrayRef<Location *> Args);
  void batchCall(Hole K, clang::SourceLocation Where,
                 const clang::FunctionDecl *Callee,
                 llvm::ArrayRef<Location *> Args);
  void summaryCall(Hole K, clang::SourceLocation Where,
                   const FunctionSummary &S, llvm::ArrayRef<Location *> Args);
  void opaqueCall(Hole K, clang::SourceLocation Where,
                  const clang::FunctionDecl *Callee,
                  llvm::ArrayRef<Location *> Args, Reason Why);
  /// A temporary holding the value of \p Of (with \p Label before it in
  /// messages: `*` for what Of points to), or named \p Label.
  Location *newTemp(const clang::Expr *Of, std::string Label = {});
  /// Evaluates \p E into a new temporary and returns it (Go's teeHole).
  Location *temp(const clang::Expr *E, clang::SourceLocation Where,
                 const char *Why);
  void store(Location *Ptr, Location *Val, clang::SourceLocation Where);
  Hole rootHole(Reason R, clang::SourceLocation Where, const char *Why);

  // Loop depth (Build.cpp).
  void findBackwardGotos(const clang::Stmt *Body);
  /// The loops a statement at \p Loc is in; for a variable declared in
  /// block \p Scope, not the goto loops within the block.
  LoopSet loopsAt(clang::SourceLocation Loc,
                  const clang::Stmt *Scope = nullptr) const;
  void enterLoop(const clang::Stmt *Loop) {
    ActiveLoops.push_back(newLoop(Loop));
  }
  unsigned newLoop(const clang::Stmt *Loop) {
    G.LoopStmts.push_back(Loop);
    return G.LoopStmts.size() - 1;
  }
  void exitLoop() { ActiveLoops.pop_back(); }

  Graph &G;
  clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
  const Options &Opts;
  const SummaryMap &Summaries;
  const WrapperMap &Wrappers;

  ReassignedVars &AllReassigned;
  FunctionInfo *Fn = nullptr;
  const llvm::DenseSet<const clang::VarDecl *> *Reassigned = nullptr;
  /// The current function's variables reached other than by name.
  llvm::DenseSet<const clang::VarDecl *> Aliased;
  /// Its local pointers to held blocks; their fields are in Fields.
  llvm::DenseSet<const clang::VarDecl *> Held;
  llvm::DenseMap<const clang::VarDecl *, std::vector<FieldLocation>> Fields;
  /// Flow-sensitive reads of reassigned pointers (`p = param; ...; p =
  /// malloc(n)` keeps the two apart): each plain definition of such a local
  /// (its initialiser, the right-hand side of `p = ...`) gets a location of
  /// its own that flows into the variable's; a read whose reaching
  /// definitions are all plain reads those, any other read the variable's.
  // Reads of reassigned pointers (Definitions.cpp).
  void planDefinitions(const clang::Stmt *Body);
  bool followsDefinitions(const clang::VarDecl *V) const;
  Location *definitionLocation(const clang::VarDecl *V, const clang::Expr *Def);
  /// Where the read \p Ref of a local takes its value: the definitions that
  /// reach it, or null for the variable's location.
  llvm::SmallVector<Location *, 2>
  reachingLocations(const clang::DeclRefExpr *Ref);
  bool SplitsDefinitions = false;
  llvm::DenseSet<const clang::VarDecl *> DefinedByAllocations;
  std::unique_ptr<ReachingDefs> Defs;
  llvm::DenseMap<const clang::Expr *, Location *> DefLocations;
  /// Where a pointer converted to an integer goes (`Hole::Converted`).
  const Hole ConvertedToInteger;
  std::vector<unsigned> ActiveLoops; ///< enclosing for/while/do bodies
  unsigned ScopeDepth = 0;
  const clang::Stmt *CurrentAnchor = nullptr;
  const clang::CompoundStmt *CurrentBlock = nullptr; ///< innermost block
  /// Backward gotos are loops too: [label, goto] file offsets and an id.
  struct GotoLoop {
    unsigned Begin, End, Id;
  };
  std::vector<GotoLoop> GotoLoops;
  clang::FileID BodyFile;
};

} // namespace cescape::escape

#endif
