//===- EscapeCheck.cpp - Go-style escape analysis for C -------------------===//
//
// Overview (after Go's cmd/compile/internal/escape/escape.go).
//
// The analysis decides, for every heap allocation, whether the block can
// outlive the call that allocates it, and for every frame location whether
// its address can outlive its frame. It works on one graph per batch: a
// strongly connected component of the unit's call graph, visited callees
// first, so every call outside the batch is described by a summary.
//
// Phases of a batch, each in its own file:
//   1. Build (Build.cpp, Call.cpp): every expression is evaluated into a
//      hole; assignments, calls and returns become edges "value of Src,
//      dereferenced Derefs times, flows into Dst". Libc calls follow
//      LibcModel, calls into earlier batches their summary, unknown calls
//      send their arguments to a root.
//   2. Stores (Solve.cpp: resolveStores): `*p = v` is connected to what p
//      may point to, until nothing changes.
//   3. Frees (Frees.cpp): each free() is filed under the one allocation it
//      releases, or escapes what it frees.
//   4. Solve (Solve.cpp): a walk back from every root; a location whose
//      address reaches a root that outlives it escapes, and becomes a root.
//   5. Summaries (Leaks.cpp) and allocator wrappers (Wrappers.cpp) for the
//      batch's callers.
//   6. Verdicts (Verdicts.cpp): findings, messages and fix-its.
//   7. Dangling (Dangling.cpp): a flow-sensitive check of its own, because a
//      warning must be a fact where a stack verdict must only be safe.
//
// Invariants:
//   - Soundness: whatever the graph cannot describe (unknown code, a value
//     with too long a history, a budget exceeded) flows to a root, so an
//     allocation is reported as stack-eligible only when every way its
//     address can travel was seen.
//   - A dangling warning needs evidence at the function's exit (a frame
//     address in the result, a global, a parameter's memory, kept by a
//     visible callee, handed to a thread not joined), never "handed to code
//     we cannot see": there doubt means silence.
//   - The analysis does no I/O: summaries of other units come in, and this
//     unit's go out, through the SummaryStore the action owns.
//
//===----------------------------------------------------------------------===//
#include "EscapeCheck.h"
#include "Build.h"
#include "Dangling.h"
#include "Export.h"
#include "Frees.h"
#include "GraphDump.h"
#include "Leaks.h"
#include "LibcModel.h"
#include "Solve.h"
#include "Verdicts.h"
#include "Wrappers.h"
#include "utils/LoopCarried.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <set>

using namespace clang;

namespace cescape::escape {
namespace {

/// What every batch of the unit reads and extends.
struct UnitState {
  ASTContext &Ctx;
  const Options &Opts;
  const Reporter &Report;
  SummaryMap &Summaries; ///< grows batch by batch, callees first
  WrapperMap &Wrappers;  ///< likewise
  ReassignedVars &Reassigned;
  DanglingCheck &Dangling;
  LoopCarried &Loops;
};

/// The phases of the overview, for one batch. \p Recursive: its functions
/// call themselves, directly or not. \p OneFunction: the batch is one
/// function that does not call itself in this unit. Only such a function
/// can be a wrapper; a cycle through other units or through unknown code
/// does not stop it: those calls are summarised or unknown like any other,
/// so its graph still says whether its result is one fresh block.
void analyseBatch(llvm::ArrayRef<const FunctionDecl *> Batch, bool Recursive,
                  bool OneFunction, UnitState &U, std::vector<Finding> &Out) {
  Graph G;
  Builder B(G, U.Ctx, U.Opts, U.Summaries, U.Wrappers, U.Reassigned);
  for (const FunctionDecl *FD : Batch)
    B.declare(FD);
  for (const FunctionDecl *FD : Batch)
    B.build(FD);
  resolveStores(G);
  for (const FunctionInfo &F : G.Functions)
    if (F.LoopsWithoutStructure)
      for (AllocSite &A : G.Allocs)
        if (A.Loc->Fn == F.Fn)
          markEscape(G, *A.Loc, Reason::Loop);
  attributeFrees(G, U.Ctx);
  solve(G, U.Loops);
  dumpGraphIfAsked(G, Batch, U.Opts, U.Ctx.getSourceManager());
  summarize(G, U.Summaries);
  if (OneFunction)
    findWrapper(G, G.Functions.front(), U.Opts, U.Reassigned.of(Batch.front()),
                U.Ctx, U.Wrappers);
  addVerdicts(G, U.Ctx, U.Opts, U.Report, U.Reassigned, Recursive, Out);
  for (const FunctionDecl *FD : Batch)
    U.Dangling.check(FD, G, Out);
}

bool callsItself(const CallGraphNode *N) {
  return llvm::is_contained(N->Callees, N);
}

} // namespace

namespace {

/// Cycles of calls that leave the unit and come back (docs/analysis.md,
/// "Recursion across units"). Each externally visible function this unit
/// defines records the functions of other units it calls, directly or
/// through functions of this unit (the `calls` rows); `cescape resolve`
/// finds the cycles of those calls over the whole program and names, for
/// each function on one, its cycle (the `cycles` rows). A batch is on a
/// cycle across units when a visible function of this unit on cycle C
/// reaches it and it calls a function of another unit on C.
class UnitCycles {
public:
  UnitCycles(const CallGraph &Calls, SummaryStore &Store) : Calls(Calls) {
    if (!Store.enabled())
      return;
    for (auto It = llvm::scc_begin(&Calls); !It.isAtEnd(); ++It)
      collectCalls(*It);
    std::vector<const CallGraphNode *> Visible;
    std::vector<std::string> Names;
    std::set<llvm::StringRef> Callees;
    for (const CallGraphNode &N : Calls.nodes()) {
      const NameList &Out = otherUnits(&N);
      if (!N.Fn->isExternallyVisible() || !N.Fn->getIdentifier() || Out.empty())
        continue;
      Visible.push_back(&N);
      Names.push_back(N.Fn->getName().str());
      for (llvm::StringRef Callee : Out) {
        Store.call(Names.back(), Callee.str());
        Callees.insert(Callee);
      }
    }
    for (llvm::StringRef Callee : Callees)
      Names.push_back(Callee.str());
    // The names of this unit's `calls`: the only functions whose cycle a
    // batch's answer depends on.
    Cycles = Store.fetchCycles(Names);
    for (const std::string &Name : Names)
      Store.useCycle(Name, Cycles.lookup(Name));
    for (const CallGraphNode *N : Visible)
      if (auto C = Cycles.find(N->Fn->getName()); C != Cycles.end())
        enter(N, C->second);
  }

  /// Whether the batch \p SCC is on a cycle of calls through other units.
  bool callsBack(llvm::ArrayRef<CallGraphNode *> SCC) const {
    for (const CallGraphNode *N : SCC)
      if (auto E = Entered.find(N); E != Entered.end())
        for (llvm::StringRef Cycle : E->second)
          for (llvm::StringRef Callee : otherUnits(N))
            if (Cycles.lookup(Callee) == Cycle)
              return true;
    return false;
  }

private:
  /// Sorted, without repeats.
  using NameList = std::vector<llvm::StringRef>;

  const NameList &otherUnits(const CallGraphNode *N) const {
    static const NameList None;
    auto It = OtherUnits.find(N);
    return It == OtherUnits.end() ? None : It->second;
  }

  /// The functions of other units the batch \p SCC calls, directly or
  /// through the batches it calls (visited before it).
  void collectCalls(llvm::ArrayRef<CallGraphNode *> SCC) {
    llvm::SmallPtrSet<const CallGraphNode *, 8> Members(SCC.begin(), SCC.end());
    NameList Out;
    for (const CallGraphNode *N : SCC) {
      if (!N->Fn)
        return; // the entry node, alone in its component
      for (const CallSite &S : N->Sites)
        if (!Calls.node(S.Callee) && S.Callee->isExternallyVisible() &&
            S.Callee->getIdentifier() && !lookupLibc(S.Callee) &&
            !S.Callee->getBuiltinID())
          Out.push_back(S.Callee->getName());
      for (const CallGraphNode *C : N->Callees)
        if (!Members.contains(C)) {
          const NameList &Below = otherUnits(C);
          Out.insert(Out.end(), Below.begin(), Below.end());
        }
    }
    llvm::sort(Out);
    Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
    for (const CallGraphNode *N : SCC)
      OtherUnits[N] = Out;
  }

  /// Marks what \p From reaches in this unit as entered from cycle
  /// \p Cycle.
  void enter(const CallGraphNode *From, llvm::StringRef Cycle) {
    llvm::SmallPtrSet<const CallGraphNode *, 32> Seen{From};
    std::vector<const CallGraphNode *> Work{From};
    while (!Work.empty()) {
      const CallGraphNode *N = Work.back();
      Work.pop_back();
      auto &Marks = Entered[N];
      if (llvm::is_contained(Marks, Cycle))
        continue; // another function on the cycle got here first
      Marks.push_back(Cycle);
      for (const CallGraphNode *C : N->Callees)
        if (Seen.insert(C).second)
          Work.push_back(C);
    }
  }

  const CallGraph &Calls;
  llvm::DenseMap<const CallGraphNode *, NameList> OtherUnits;
  llvm::StringMap<std::string> Cycles;
  llvm::DenseMap<const CallGraphNode *, llvm::SmallVector<llvm::StringRef, 1>>
      Entered;
};

} // namespace

/// Functions this unit calls without their body that another unit may
/// define: their summaries come from the database, filed under the
/// canonical declaration (see roleOf and Builder::callFunction).
static void importSummaries(ASTContext &Ctx, SummaryStore &Store,
                            SummaryMap &Summaries, WrapperMap &Wrappers) {
  std::vector<const FunctionDecl *> Callees;
  std::vector<std::string> Names;
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    const auto *FD = dyn_cast<FunctionDecl>(D);
    // Declared and never used (most of a header) is no dependency.
    if (!FD || !FD->isFirstDecl() || !FD->isReferenced() ||
        FD->getDefinition() || !FD->getIdentifier() ||
        !FD->isExternallyVisible() || FD->getBuiltinID() || lookupLibc(FD))
      continue;
    Callees.push_back(FD);
    Names.push_back(FD->getName().str());
  }
  llvm::StringMap<std::string> Stored = Store.fetch(Names);
  for (const FunctionDecl *FD : Callees) {
    std::string Text = Stored.lookup(FD->getName());
    std::optional<ExportedFunction> F =
        Text.empty() ? std::nullopt : importFunction(Text);
    Store.use(FD->getName().str(), F ? Text : "");
    if (!F || F->Summary.Params.size() != FD->getNumParams())
      continue;
    Summaries[FD] = std::move(F->Summary);
    if (F->Allocator)
      Wrappers.Allocators[FD] = std::move(*F->Allocator);
    else if (F->FreedParam)
      Wrappers.Deallocators[FD] = *F->FreedParam;
  }
}

/// The summaries of the functions other units may call.
static void exportSummaries(ASTContext &Ctx, SummaryStore &Store,
                            const SummaryMap &Summaries,
                            const WrapperMap &Wrappers) {
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    const auto *FD = dyn_cast<FunctionDecl>(D);
    if (!FD || !FD->doesThisDeclarationHaveABody() || !FD->getIdentifier() ||
        !FD->isExternallyVisible() || FD->isInlineSpecified() ||
        !hasKnownBody(FD))
      continue;
    auto It = Summaries.find(FD);
    if (It == Summaries.end())
      continue;
    ExportedFunction F{It->second, std::nullopt, std::nullopt};
    if (auto A = Wrappers.Allocators.find(FD); A != Wrappers.Allocators.end())
      F.Allocator = A->second;
    if (auto P = Wrappers.Deallocators.find(FD);
        P != Wrappers.Deallocators.end())
      F.FreedParam = P->second;
    Store.offer(FD->getName().str(), exportFunction(F));
  }
}

void EscapeCheck::run(ASTContext &Ctx) {
  SummaryMap Summaries;
  WrapperMap Wrappers;
  if (Store.enabled())
    importSummaries(Ctx, Store, Summaries, Wrappers);
  DanglingCheck Dangling(Ctx, Opts, Summaries);
  LoopCarried Loops(Ctx);
  UnitState Batches{Ctx,      Opts,       Report,   Summaries,
                    Wrappers, Reassigned, Dangling, Loops};
  std::vector<Finding> Findings;
  // Whether a function may reach an unresolved call: then one whose address
  // is taken may be re-entered through it (a table of callbacks).
  llvm::DenseMap<const CallGraphNode *, bool> ReachesUnknown;
  UnitCycles Across(Calls, Store);
  for (auto It = llvm::scc_begin(&Calls); !It.isAtEnd(); ++It) {
    std::vector<const FunctionDecl *> Batch;
    bool Unknown = false, Reentrant = false;
    for (const CallGraphNode *N : *It) {
      if (!N->Fn)
        continue;
      Batch.push_back(N->Fn);
      Unknown |= N->CallsUnknown;
      for (const CallGraphNode *C : N->Callees)
        Unknown |= ReachesUnknown.lookup(C);
    }
    for (const CallGraphNode *N : *It) {
      ReachesUnknown[N] = Unknown;
      Reentrant |= N->Fn && Calls.isAddressTaken(N->Fn);
    }
    if (Batch.empty())
      continue;
    bool Recursive =
        It.hasCycle() || (Unknown && Reentrant) || Across.callsBack(*It);
    // A giant cycle (SQLite's parser, VM and B-tree call one another) would
    // be one context-insensitive graph where every walk crosses every
    // function. Past a size, its functions go one by one instead, calls
    // within the cycle using what is summarised so far and otherwise
    // treated as unknown: sound, linear, a little less precise.
    constexpr size_t MaxBatch = 16;
    if (Batch.size() > MaxBatch) {
      for (const FunctionDecl *FD : Batch)
        analyseBatch({FD}, /*Recursive=*/true, !callsItself(Calls.node(FD)),
                     Batches, Findings);
      continue;
    }
    analyseBatch(Batch, Recursive, Batch.size() == 1 && !It.hasCycle(), Batches,
                 Findings);
  }
  if (Store.enabled())
    exportSummaries(Ctx, Store, Summaries, Wrappers);
  const SourceManager &SM = Ctx.getSourceManager();
  std::stable_sort(Findings.begin(), Findings.end(),
                   [&](const Finding &A, const Finding &B) {
                     return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
                   });
  for (const Finding &F : Findings) {
    if (!Report.finding(F.R, F.Loc, F.Message, F.Hints, F.Facts, F.Print))
      continue;
    for (const Note &N : F.Notes)
      Report.note(N.Loc, N.Text, N.Print);
  }
}

} // namespace cescape::escape
