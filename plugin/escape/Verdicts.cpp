//===- Verdicts.cpp - findings from a solved escape graph -----------------===//
#include "Verdicts.h"
#include "FixIt.h"
#include "SizeFold.h"
#include "Solve.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ErrorHandling.h"

#include <memory>

using namespace clang;

namespace cescape::escape {

/// \p Loc as file:line:col for messages, the file named as the database
/// names it (relative to the project root), so that two files of one name
/// in different directories are told apart; as the compiler spelled it
/// when there is no root.
static std::string position(SourceLocation Loc, const SourceManager &SM,
                            const Options &Opts) {
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  if (P.isInvalid())
    return "?";
  std::string File = Opts.Root.empty() ? std::string(P.getFilename())
                                       : projectPath(P.getFilename(), Opts);
  return File + ":" + std::to_string(P.getLine()) + ":" +
         std::to_string(P.getColumn());
}

/// What \p E moves: the address of its source, its value, or what it
/// points to.
static std::string flowValue(const Edge &E) {
  if (E.Derefs < 0)
    return "the address of " + E.Src->name();
  if (E.Derefs == 0)
    return E.Src->name();
  return "what " + std::string(E.Derefs - 1, '*') + E.Src->name() +
         " points to";
}

/// One step of a flow path as a sentence about C: "p points to x", "q
/// points where p points", "q is returned by f()", "p is stored in a
/// global".
static std::string flowStep(const Edge &E) {
  const Location &Dst = *E.Dst;
  switch (Dst.Kind) {
  case LocKind::Local:
  case LocKind::Temp:
    if (E.Derefs < 0)
      return Dst.name() + " points to " + E.Src->name();
    return Dst.name() + " points where " + std::string(E.Derefs, '*') +
           E.Src->name() + " points";
  case LocKind::Result:
    return flowValue(E) + " is returned by " +
           (Dst.Fn ? Dst.Fn->getName().str() : std::string()) + "()";
  case LocKind::Root:
    return flowValue(E) + " " + escapeExplanation(Dst.RootReason);
  case LocKind::Alloc:
  case LocKind::FrameObject:
  case LocKind::ParamPointee:
  case LocKind::Mutator:
    return flowValue(E) + " is stored in " + Dst.name();
  case LocKind::FreeSink:
    return flowValue(E) + " is freed";
  }
  llvm_unreachable("a LocKind without a flow step");
}

void addFlowNotes(const Location &L, Finding &F, const SourceManager &SM,
                  const Options &Opts) {
  for (const Edge *E : L.Path)
    F.Notes.push_back({E->Where,
                       "flow: " + flowStep(*E) + " (" + E->Why + ") at " +
                           position(E->Where, SM, Opts),
                       Opts.Verbosity >= 2});
}

namespace {

class BatchVerdicts {
public:
  BatchVerdicts(Graph &G, ASTContext &Ctx, const Options &Opts,
                const Reporter &Report, ReassignedVars &Reassigned,
                bool Recursive, std::vector<Finding> &Out)
      : G(G), Ctx(Ctx), SM(Ctx.getSourceManager()), Opts(Opts), Report(Report),
        Reassigned(Reassigned), Recursive(Recursive), Out(Out) {}

  /// heap-to-stack, small-buffer or escape, for one allocation site.
  void allocation(AllocSite &A) {
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
          planSmallBuffer(A, Opts.SmallBuffer, HolderIndex.of(*A.Loc),
                          parents(L.Fn), Ctx, UsedNames, reassigned(L.Fn));
      // The size or a free that cannot be evaluated twice: the advice
      // stands, but `cescape fix` has nothing to apply.
      if (A.Replaceable && RW.Hints.empty())
        Advice += " (no fix-it)";
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
    const std::vector<Location *> &HeldBy = HolderIndex.of(*A.Loc);
    StackRewrite RW =
        planStackRewrite(A, *Size, HeldBy, parents(L.Fn), Ctx, UsedNames);
    Out.push_back(
        {Rule::HeapToStack, A.Call->getBeginLoc(),
         A.Loc->Label + " does not escape: use a stack array '" +
             RW.Declaration + "' (" + std::to_string(*Size) + " bytes)" +
             (RW.Hints.empty() && !RW.Scope.empty()
                  ? ", declared " + RW.Scope + " (no fix-it)"
                  : ""),
         facts(A, Reason::None, int64_t(*Size)), true, std::move(RW.Hints)});
  }

private:
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
      F.Message += " at " + position(At, SM, Opts);
    addFlowNotes(*A.Loc, F, SM, Opts);
    Out.push_back(std::move(F));
  }

  Graph &G;
  ASTContext &Ctx;
  const SourceManager &SM;
  const Options &Opts;
  const Reporter &Report;
  ReassignedVars &Reassigned;
  const bool Recursive;
  std::vector<Finding> &Out;
  NameCounters UsedNames; ///< storage array names, unique per batch
  Holders HolderIndex{G};
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<ParentMap>> Parents;
};

} // namespace

void addVerdicts(Graph &G, ASTContext &Ctx, const Options &Opts,
                 const Reporter &Report, ReassignedVars &Reassigned,
                 bool Recursive, std::vector<Finding> &Out) {
  BatchVerdicts V(G, Ctx, Opts, Report, Reassigned, Recursive, Out);
  for (AllocSite &A : G.Allocs)
    V.allocation(A);
}

} // namespace cescape::escape
