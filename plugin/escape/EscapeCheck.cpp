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
/// call themselves, directly or not.
void analyseBatch(llvm::ArrayRef<const FunctionDecl *> Batch, bool Recursive,
                  UnitState &U, std::vector<Finding> &Out) {
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
  if (Batch.size() == 1 && !Recursive)
    findWrapper(G, G.Functions.front(), U.Opts, U.Reassigned.of(Batch.front()),
                U.Ctx, U.Wrappers);
  addVerdicts(G, U.Ctx, U.Opts, U.Report, U.Reassigned, Recursive, Out);
  for (const FunctionDecl *FD : Batch)
    U.Dangling.check(FD, G, Out);
}

} // namespace

namespace {

/// Calls that leave the unit and may come back: the functions of other
/// units each function reaches (their summaries say which they reach in
/// turn), and whether a batch reaches one of its own functions that way.
class OtherUnits {
public:
  OtherUnits(const CallGraph &Calls, const SummaryMap &Summaries)
      : Calls(Calls), Summaries(Summaries) {
    for (const CallGraphNode &N : Calls.nodes())
      if (N.Fn->isExternallyVisible() && N.Fn->getIdentifier())
        Defined[N.Fn->getName()] = &N;
  }

  /// Whether the batch \p SCC (callees done first) calls, through other
  /// units, one of its own functions or one that calls back into it.
  bool callsBack(llvm::ArrayRef<CallGraphNode *> SCC) {
    std::set<std::string> Names;
    for (const CallGraphNode *N : SCC) {
      if (!N->Fn)
        continue;
      for (const CallSite &S : N->Sites)
        if (!Calls.node(S.Callee) && S.Callee->isExternallyVisible() &&
            S.Callee->getIdentifier() && !lookupLibc(S.Callee) &&
            !S.Callee->getBuiltinID()) {
          Names.insert(S.Callee->getName().str());
          auto Sum = Summaries.find(S.Callee);
          if (Sum != Summaries.end())
            Names.insert(Sum->second.Reaches.begin(),
                         Sum->second.Reaches.end());
        }
      for (const CallGraphNode *C : N->Callees)
        if (auto R = Reached.find(C); R != Reached.end())
          Names.insert(R->second.begin(), R->second.end());
    }
    // Past a size, "anything": sound, and the list stays small.
    constexpr size_t MaxNames = 512;
    if (Names.size() > MaxNames)
      Names = {AnyFunction};
    bool Visible = false;
    for (const CallGraphNode *N : SCC)
      Visible |= N->Fn && (N->Fn->isExternallyVisible() ||
                           Calls.isAddressTaken(N->Fn));
    bool Back = false;
    if (Visible)
      for (const std::string &Name : Names)
        Back |= Name == AnyFunction || reachesBatch(Name, SCC);
    for (const CallGraphNode *N : SCC)
      Reached[N] = std::vector<std::string>(Names.begin(), Names.end());
    return Back;
  }

  /// Stores what each function reaches in its summary, for other units.
  void record(SummaryMap &Out) const {
    for (const auto &[N, Names] : Reached)
      if (N->Fn)
        if (auto It = Out.find(N->Fn); It != Out.end())
          It->second.Reaches = Names;
  }

private:
  /// Whether the function of this unit named \p Name calls into \p SCC
  /// (or is in it). A search past its budget says yes: sound.
  bool reachesBatch(const std::string &Name,
                    llvm::ArrayRef<CallGraphNode *> SCC) const {
    const CallGraphNode *From = Defined.lookup(Name);
    if (!From)
      return false;
    llvm::SmallPtrSet<const CallGraphNode *, 8> Targets(SCC.begin(),
                                                        SCC.end());
    llvm::SmallPtrSet<const CallGraphNode *, 32> Seen{From};
    std::vector<const CallGraphNode *> Work{From};
    constexpr size_t Budget = 10000;
    while (!Work.empty()) {
      const CallGraphNode *N = Work.back();
      Work.pop_back();
      if (Targets.contains(N) || Seen.size() > Budget)
        return true;
      for (const CallGraphNode *C : N->Callees)
        if (Seen.insert(C).second)
          Work.push_back(C);
    }
    return false;
  }

  const CallGraph &Calls;
  const SummaryMap &Summaries;
  llvm::StringMap<const CallGraphNode *> Defined;
  llvm::DenseMap<const CallGraphNode *, std::vector<std::string>> Reached;
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
  DanglingCheck Dangling(Ctx, Opts);
  LoopCarried Loops(Ctx);
  UnitState Batches{Ctx,       Opts,       Report,
                    Summaries, Wrappers,   Reassigned,
                    Dangling, Loops};
  std::vector<Finding> Findings;
  // Whether a function may reach an unresolved call: then one whose address
  // is taken may be re-entered through it (a table of callbacks).
  llvm::DenseMap<const CallGraphNode *, bool> ReachesUnknown;
  OtherUnits Across(Calls, Summaries);
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
    bool Recursive = It.hasCycle() || (Unknown && Reentrant) ||
                     Across.callsBack(*It);
    // A giant cycle (SQLite's parser, VM and B-tree call one another) would
    // be one context-insensitive graph where every walk crosses every
    // function. Past a size, its functions go one by one instead, calls
    // within the cycle using what is summarised so far and otherwise
    // treated as unknown: sound, linear, a little less precise.
    constexpr size_t MaxBatch = 16;
    if (Batch.size() > MaxBatch) {
      for (const FunctionDecl *FD : Batch)
        analyseBatch({FD}, /*Recursive=*/true, Batches, Findings);
      continue;
    }
    analyseBatch(Batch, Recursive, Batches, Findings);
  }
  if (Store.enabled()) {
    Across.record(Summaries);
    exportSummaries(Ctx, Store, Summaries, Wrappers);
  }
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
