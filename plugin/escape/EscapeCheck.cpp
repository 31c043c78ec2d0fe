//===- EscapeCheck.cpp - Go-style escape analysis for C -------------------===//
#include "EscapeCheck.h"
#include "Build.h"
#include "Database.h"
#include "Export.h"
#include "FixIt.h"
#include "Leaks.h"
#include "LibcModel.h"
#include "ReachingDefs.h"
#include "SizeFold.h"
#include "Solve.h"
#include "StmtWalk.h"
#include "Wrappers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/StringSet.h"

#include <deque>
#include <memory>

using namespace clang;

namespace cescape::escape {
namespace {

/// The call graph of the translation unit's function definitions, with an
/// edge for each call or address-taken function (Go's VisitFuncsBottomUp).
struct CallGraphNode {
  const FunctionDecl *Fn = nullptr; ///< null for the entry node
  std::vector<CallGraphNode *> Callees;
  bool CallsUnknown = false; ///< calls through an unresolved pointer
};

struct CallGraph {
  std::deque<CallGraphNode> Nodes;
  CallGraphNode Entry; ///< reaches every function
  /// Functions used as values (callbacks, tables of function pointers): an
  /// unresolved call anywhere may reach them.
  llvm::DenseSet<const FunctionDecl *> AddressTaken;

  CallGraph(ASTContext &Ctx, ReassignedVars &Reassigned) {
    llvm::DenseMap<const FunctionDecl *, CallGraphNode *> ByDecl;
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      const auto *FD = dyn_cast<FunctionDecl>(D);
      if (FD && FD->doesThisDeclarationHaveABody() && FD->getBody()) {
        Nodes.push_back({FD, {}});
        ByDecl[FD] = &Nodes.back();
        Entry.Callees.push_back(&Nodes.back());
      }
    }
    for (CallGraphNode &N : Nodes)
      for (const FunctionDecl *Callee : calleesOf(N, Reassigned.of(N.Fn)))
        if (CallGraphNode *C = ByDecl.lookup(Callee))
          N.Callees.push_back(C);
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        forEachStmt(V->getInit(), [&](const Stmt *S) {
          if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
            noteAddressTaken(Ref, {});
          return true;
        });
  }

  /// Records \p Ref's function as used other than by calling it, unless
  /// \p Called says it is a callee.
  void noteAddressTaken(const DeclRefExpr *Ref,
                        const llvm::DenseSet<const Expr *> &Called) {
    if (const auto *F = dyn_cast<FunctionDecl>(Ref->getDecl()))
      if (!Called.contains(Ref))
        if (const FunctionDecl *Def = F->getDefinition())
          AddressTaken.insert(Def);
  }

  std::vector<const FunctionDecl *>
  calleesOf(CallGraphNode &N,
            const llvm::DenseSet<const VarDecl *> &Reassigned) {
    const FunctionDecl *FD = N.Fn;
    std::vector<const FunctionDecl *> Out;
    auto Add = [&](const FunctionDecl *C) {
      if (!C)
        return;
      const FunctionDecl *Def = C->getDefinition();
      if (Def && Def->getBody() && llvm::find(Out, Def) == Out.end())
        Out.push_back(Def);
    };
    llvm::DenseSet<const Expr *> Called;
    // A call is visited before its callee expression: Called is complete
    // when the DeclRefExpr comes.
    forEachStmt(FD->getBody(), [&](const Stmt *S) {
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        const FunctionDecl *Callee = resolveCallee(Call, Reassigned);
        Add(Callee);
        N.CallsUnknown |= !Callee;
        Called.insert(Call->getCallee()->IgnoreParenImpCasts());
      } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
        Add(dyn_cast<FunctionDecl>(Ref->getDecl()));
        noteAddressTaken(Ref, Called);
      }
      return true;
    });
    return Out;
  }
};

} // namespace
} // namespace cescape::escape

namespace llvm {
/// Lets llvm::scc_iterator walk the call graph: components come callees
/// first, which is the order summaries need.
template <> struct GraphTraits<cescape::escape::CallGraph *> {
  using NodeRef = cescape::escape::CallGraphNode *;
  using ChildIteratorType = std::vector<NodeRef>::iterator;
  static NodeRef getEntryNode(cescape::escape::CallGraph *G) {
    return &G->Entry;
  }
  static ChildIteratorType child_begin(NodeRef N) { return N->Callees.begin(); }
  static ChildIteratorType child_end(NodeRef N) { return N->Callees.end(); }
};
} // namespace llvm

namespace cescape::escape {
namespace {

struct Note {
  SourceLocation Loc;
  std::string Text;
  bool Print; ///< flow steps are printed with m=2 only, but always stored
};

struct Finding {
  Rule R;
  SourceLocation Loc;
  std::string Message;
  FindingFacts Facts;
  bool Print = true;
  std::vector<FixItHint> Hints = {};
  std::vector<Note> Notes = {};
};

const char *escapeExplanation(Reason Why) {
  switch (Why) {
  case Reason::Return:
    return "is returned to the caller";
  case Reason::Global:
    return "is stored in a global";
  case Reason::Param:
    return "is stored through a parameter";
  case Reason::Heap:
    return "is stored in memory that escapes";
  case Reason::Call:
    return "is passed to a function that keeps or frees it";
  case Reason::Extern:
    return "is passed to a function whose body is not visible";
  case Reason::Indirect:
    return "is passed to a call through a function pointer";
  case Reason::Thread:
    return "is handed to another thread";
  case Reason::Realloc:
    return "is resized by realloc";
  case Reason::Loop:
    return "outlives the loop iteration that allocates it";
  case Reason::Asm:
    return "is used by inline assembly";
  case Reason::Size:
  case Reason::None:
    break;
  }
  return "escapes";
}

class BatchAnalysis {
public:
  BatchAnalysis(ASTContext &Ctx, const Options &Opts, const Reporter &Report,
                SummaryMap &Summaries, WrapperMap &Wrappers,
                ReassignedVars &Reassigned, bool IntegersCarryPointers,
                std::vector<Finding> &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Opts(Opts), Report(Report),
        Summaries(Summaries), Wrappers(Wrappers), Reassigned(Reassigned),
        IntegersCarryPointers(IntegersCarryPointers), Out(Out) {}

  /// \p Recursive: the batch's functions call themselves, directly or not.
  void run(llvm::ArrayRef<const FunctionDecl *> Batch, bool Recursive) {
    this->Recursive = Recursive;
    Builder B(G, Ctx, Opts, Summaries, Wrappers, Reassigned,
              IntegersCarryPointers);
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
    checkFrees();
    solve(G);
    summarize(G, Summaries);
    if (Batch.size() == 1 && !Recursive)
      findWrapper(G, G.Functions.front(), Opts, reassigned(Batch.front()), Ctx,
                  Wrappers);
    for (AllocSite &A : G.Allocs)
      allocationVerdict(A);
    for (FunctionInfo &F : G.Functions)
      for (Location *L : F.Locals)
        danglingVerdict(*L);
  }

private:
  /// free(p) may remove an allocation from the heap only when p can point
  /// to that allocation alone, in the allocating function.
  void checkFrees() {
    for (const FreeSite &F : G.FreeSites) {
      PointsTo P = pointsTo(G, F.Arg);
      bool Alone = P.Targets.size() == 1 &&
                   P.Targets[0]->Kind == LocKind::Alloc &&
                   P.Targets[0]->Fn == F.Fn;
      AllocSite *Freed = Alone ? siteOf(P.Targets[0]) : reachingAlloc(F);
      if (Freed) {
        Freed->Frees.push_back(F.Call);
        continue;
      }
      G.flow(Hole{G.root(Reason::Call), 0, F.Call->getBeginLoc(),
                  "freed together with other memory"},
             F.Arg);
    }
  }

  AllocSite *siteOf(const Location *L) {
    for (AllocSite &A : G.Allocs)
      if (A.Loc == L)
        return &A;
    return nullptr;
  }

  /// The one allocation of F's function that free(v) can free, from the
  /// definitions of v reaching the call (flow-sensitive), if there is one.
  AllocSite *reachingAlloc(const FreeSite &F) {
    auto &Defs = ReachingDefsOf[F.Fn];
    if (!Defs)
      Defs = std::make_unique<ReachingDefs>(F.Fn, Ctx);
    auto Values = Defs->valuesAt(F.Call);
    if (!Values)
      return nullptr;
    AllocSite *Only = nullptr;
    for (const Expr *V : *Values) {
      if (V->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNull))
        continue;
      const auto *Call = dyn_cast<CallExpr>(V->IgnoreParenCasts());
      auto It = Call ? G.AllocByCall.find(Call) : G.AllocByCall.end();
      if (It == G.AllocByCall.end() || (Only && Only != &G.Allocs[It->second]))
        return nullptr;
      Only = &G.Allocs[It->second];
    }
    return Only && Only->Loc->Fn == F.Fn ? Only : nullptr;
  }

  std::string position(SourceLocation Loc) const {
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
    if (P.isInvalid())
      return "?";
    return std::string(llvm::sys::path::filename(P.getFilename())) + ":" +
           std::to_string(P.getLine()) + ":" + std::to_string(P.getColumn());
  }

  /// Go's -m=2 explanation: one note per step of the flow path.
  void addFlowNotes(const Location &L, Finding &F) const {
    for (const Edge *E : L.Path) {
      std::string Ops = E->Derefs < 0 ? "&" : std::string(E->Derefs, '*');
      F.Notes.push_back({E->Where,
                         "flow: " + E->Dst->name() + " = " + Ops +
                             E->Src->name() + " (" + E->Why + ") at " +
                             position(E->Where),
                         Opts.Verbosity >= 2});
    }
  }

  static FindingFacts facts(const AllocSite &A, Reason Why = Reason::None,
                            int64_t Size = -1) {
    return {A.Loc->Fn->getName().str(), A.Loc->Label,
            Why == Reason::None ? "" : reasonWord(Why), Size};
  }

  const llvm::DenseSet<const VarDecl *> &reassigned(const FunctionDecl *FD) {
    return Reassigned.of(FD);
  }

  const ParentMap &parents(const FunctionDecl *FD) {
    auto &Slot = Parents[FD];
    if (!Slot)
      Slot = std::make_unique<ParentMap>(FD->getBody());
    return *Slot;
  }

  /// Escaping allocations are stored always, printed with `m` only.
  void escapeFinding(const AllocSite &A, Reason Why, std::string Explanation,
                     SourceLocation At) {
    Finding F{Rule::Escape, A.Call->getBeginLoc(),
              std::string("escapes (") + reasonWord(Why) +
                  "): " + A.Loc->Label + " " + Explanation,
              facts(A, Why), Opts.Verbosity >= 1};
    if (At.isValid())
      F.Message += " at " + position(At);
    addFlowNotes(*A.Loc, F);
    Out.push_back(std::move(F));
  }

  void allocationVerdict(AllocSite &A) {
    const Location &L = *A.Loc;
    if (!Report.isReportable(A.Call->getBeginLoc()))
      return;
    if (L.Escapes) {
      SourceLocation At =
          L.Path.empty() ? SourceLocation() : L.Path.back()->Where;
      escapeFinding(A, L.Why, escapeExplanation(L.Why), At);
      return;
    }
    std::optional<uint64_t> Size = allocationSize(A, Ctx, reassigned(L.Fn));
    if (Recursive) {
      // C stacks do not grow: every level of the recursion would keep one
      // (an array, or a small buffer).
      escapeFinding(A, Reason::Size,
                    "is allocated by a recursive function: every level "
                    "would keep " +
                        std::to_string(Size ? *Size : Opts.SmallBuffer) +
                        " bytes on the stack",
                    SourceLocation());
      return;
    }
    if (!Size) {
      // A wrapper that builds the block (copies, formats) cannot be
      // swapped for a buffer: say so instead of suggesting one.
      std::string Advice =
          A.Replaceable
              ? ": use a " + std::to_string(Opts.SmallBuffer) +
                    "-byte stack buffer and fall back to the heap when it "
                    "is larger"
              : ", and " + A.Callee + "() does more than allocate (no fix-it)";
      StackRewrite RW =
          planSmallBuffer(A, Opts.SmallBuffer, holders(G, *A.Loc),
                          parents(L.Fn), Ctx, UsedNames, reassigned(L.Fn));
      Out.push_back({Rule::SmallBuffer, A.Call->getBeginLoc(),
                     A.Loc->Label +
                         " does not escape but its size is not "
                         "constant" +
                         Advice,
                     facts(A), true, std::move(RW.Hints)});
      return;
    }
    if (*Size == 0 || *Size > Opts.MaxStack) {
      std::string Bytes = *Size >= (uint64_t(1) << 62)
                              ? std::string("a huge number of")
                              : std::to_string(*Size);
      escapeFinding(A, Reason::Size,
                    *Size == 0
                        ? "allocates zero bytes"
                        : "is " + Bytes + " bytes, more than max-stack=" +
                              std::to_string(Opts.MaxStack),
                    SourceLocation());
      return;
    }
    if (A.Kind == AllocKind::PageAligned) {
      escapeFinding(A, Reason::Size, "needs page alignment", SourceLocation());
      return;
    }
    if (A.Kind == AllocKind::Aligned) {
      auto Align = A.AlignArg ? foldConstant(A.AlignArg, Ctx, reassigned(L.Fn))
                              : std::nullopt;
      if (!Align || *Align == 0 || (*Align & (*Align - 1)) || *Align > 4096) {
        escapeFinding(A, Reason::Size,
                      "has an alignment that is not a "
                      "constant power of two up to 4096",
                      SourceLocation());
        return;
      }
    }
    if (!A.Replaceable) {
      Out.push_back({Rule::HeapToStack, A.Call->getBeginLoc(),
                     A.Loc->Label + " does not escape: its " +
                         std::to_string(*Size) +
                         " bytes could live on the stack, but " + A.Callee +
                         "() does more than allocate (no fix-it)",
                     facts(A, Reason::None, int64_t(*Size))});
      return;
    }
    std::vector<Location *> Holders = holders(G, *A.Loc);
    StackRewrite RW =
        planStackRewrite(A, *Size, Holders, parents(L.Fn), Ctx, UsedNames);
    Out.push_back(
        {Rule::HeapToStack, A.Call->getBeginLoc(),
         A.Loc->Label + " does not escape: use a stack array '" +
             RW.Declaration + "' (" + std::to_string(*Size) + " bytes)" +
             (RW.Hints.empty() && !RW.Scope.empty()
                  ? ", declared " + RW.Scope + " (no fix-it)"
                  : ""),
         facts(A, Reason::None, int64_t(*Size)), true, std::move(RW.Hints)});
  }

  /// Whether the store that lets \p L's address escape (`L->jmp = &lj`,
  /// `g = &x`) is undone later in the function: the same lvalue assigned
  /// again (`L->jmp = old`), the save-and-restore idiom of linked frames.
  /// Flow-insensitive points-to cannot see that; the warning would be noise.
  bool restoredLater(const Location &L) {
    SourceLocation Where = L.Path.back()->Where;
    const BinaryOperator *Escaping = nullptr;
    std::vector<const BinaryOperator *> Assignments;
    std::vector<const ReturnStmt *> Returns;
    forEachStmt(L.Fn->getBody(), [&](const Stmt *S) {
      if (const auto *R = dyn_cast<ReturnStmt>(S))
        Returns.push_back(R);
      if (const auto *B = dyn_cast<BinaryOperator>(S);
          B && B->getOpcode() == BO_Assign) {
        Assignments.push_back(B);
        // The innermost assignment around the escaping step.
        if (SM.isPointWithin(Where, B->getBeginLoc(), B->getEndLoc()) &&
            (!Escaping || SM.isBeforeInTranslationUnit(Escaping->getBeginLoc(),
                                                       B->getBeginLoc())))
          Escaping = B;
      }
      return true;
    });
    if (!Escaping)
      return false;
    std::string Target = spelling(Escaping->getLHS(), Ctx);
    // A return between the store and the restore leaves it in place.
    auto ReturnBetween = [&](SourceLocation From, SourceLocation To) {
      return llvm::any_of(Returns, [&](const ReturnStmt *R) {
        return SM.isBeforeInTranslationUnit(From, R->getBeginLoc()) &&
               SM.isBeforeInTranslationUnit(R->getBeginLoc(), To);
      });
    };
    return llvm::any_of(Assignments, [&](const BinaryOperator *B) {
      return B != Escaping &&
             SM.isBeforeInTranslationUnit(Escaping->getOperatorLoc(),
                                          B->getOperatorLoc()) &&
             spelling(B->getLHS(), Ctx) == Target &&
             !ReturnBetween(Escaping->getOperatorLoc(), B->getOperatorLoc());
    });
  }

  void danglingVerdict(const Location &L) {
    if (!L.Escapes || !L.EscapeCertain || L.Path.empty())
      return;
    if (L.Why != Reason::Return && restoredLater(L))
      return;
    SourceLocation Loc;
    std::string What;
    if (L.Kind == LocKind::Local) {
      Loc = L.Var->getLocation();
      What = std::string(L.isParam() ? "parameter '" : "local variable '") +
             L.Var->getName().str() + "'";
    } else {
      Loc = L.Site->getBeginLoc();
      What = L.Label;
    }
    std::string Subject =
        L.Kind == LocKind::Local ? L.Var->getName().str() : L.Label;
    Finding F{Rule::Dangling,
              Loc,
              "address of " + What + " escapes its frame (" +
                  reasonWord(L.Why) + "): it " + escapeExplanation(L.Why),
              {L.Fn->getName().str(), Subject, reasonWord(L.Why), -1}};
    F.Notes.push_back(
        {L.Path.back()->Where,
         "the address escapes here (" + std::string(L.Path.back()->Why) + ")",
         true});
    addFlowNotes(L, F);
    Out.push_back(std::move(F));
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  const Options &Opts;
  const Reporter &Report;
  SummaryMap &Summaries;
  WrapperMap &Wrappers;
  ReassignedVars &Reassigned;
  const bool IntegersCarryPointers;
  std::vector<Finding> &Out;
  Graph G;
  llvm::StringSet<> UsedNames; ///< storage array names, unique per batch
  bool Recursive = false;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<ParentMap>> Parents;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<ReachingDefs>>
      ReachingDefsOf;
};

} // namespace

/// Functions this unit calls without their body that another unit may
/// define: their summaries come from the database, filed under the
/// canonical declaration (see roleOf and Builder::callFunction).
static void importSummaries(ASTContext &Ctx, const Options &Opts,
                            Reporter &Report, SummaryMap &Summaries,
                            WrapperMap &Wrappers) {
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
  llvm::StringMap<std::string> Stored = readSummaries(Opts, Names);
  for (const FunctionDecl *FD : Callees) {
    std::string Text = Stored.lookup(FD->getName());
    std::optional<ExportedFunction> F =
        Text.empty() ? std::nullopt : importFunction(Text);
    Report.useSummary(FD->getName().str(), F ? Text : "");
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
static void exportSummaries(ASTContext &Ctx, Reporter &Report,
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
    Report.exportSummary(FD->getName().str(), exportFunction(F));
  }
}

void EscapeCheck::run(ASTContext &Ctx) {
  ReassignedVars Reassigned;
  CallGraph CG(Ctx, Reassigned);
  SummaryMap Summaries;
  WrapperMap Wrappers;
  if (!Opts.Database.empty())
    importSummaries(Ctx, Opts, Report, Summaries, Wrappers);
  bool IntegersCarryPointers =
      convertsPointersToIntegers(Ctx.getTranslationUnitDecl(), Ctx);
  std::vector<Finding> Findings;
  // Whether a function may reach an unresolved call: then one whose address
  // is taken may be re-entered through it (a table of callbacks).
  llvm::DenseMap<const CallGraphNode *, bool> ReachesUnknown;
  for (auto It = llvm::scc_begin(&CG); !It.isAtEnd(); ++It) {
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
      Reentrant |= N->Fn && CG.AddressTaken.contains(N->Fn);
    }
    if (Batch.empty())
      continue;
    bool Recursive = It.hasCycle() || (Unknown && Reentrant);
    // A giant cycle (SQLite's parser, VM and B-tree call one another) would
    // be one context-insensitive graph where every walk crosses every
    // function. Past a size, its functions go one by one instead, calls
    // within the cycle using what is summarised so far and otherwise
    // treated as unknown: sound, linear, a little less precise.
    constexpr size_t MaxBatch = 16;
    if (Batch.size() > MaxBatch) {
      for (const FunctionDecl *FD : Batch)
        BatchAnalysis(Ctx, Opts, Report, Summaries, Wrappers, Reassigned,
                      IntegersCarryPointers, Findings)
            .run({FD}, /*Recursive=*/true);
      continue;
    }
    BatchAnalysis(Ctx, Opts, Report, Summaries, Wrappers, Reassigned,
                  IntegersCarryPointers, Findings)
        .run(Batch, Recursive);
  }
  if (!Opts.Database.empty())
    exportSummaries(Ctx, Report, Summaries, Wrappers);
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
