//===- Leaks.cpp - per-parameter summaries --------------------------------===//
#include "Leaks.h"
#include "Solve.h"

namespace cescape::escape {

std::optional<FunctionSummary> join(FunctionSummary A,
                                    const FunctionSummary &B) {
  if (A.Params.size() != B.Params.size())
    return std::nullopt;
  for (unsigned I = 0; I < A.Params.size(); ++I) {
    ParamLeaks &P = A.Params[I];
    const ParamLeaks &Q = B.Params[I];
    ParamLeaks::lower(P.Heap, Q.Heap);
    ParamLeaks::lower(P.Result, Q.Result);
    ParamLeaks::lower(P.Thread, Q.Thread);
    ParamLeaks::lower(P.Frees, Q.Frees);
    ParamLeaks::lower(P.Kept, Q.Kept);
    if (P.Pointee.size() < Q.Pointee.size())
      P.Pointee.resize(Q.Pointee.size(), NoLeak);
    for (unsigned J = 0; J < Q.Pointee.size(); ++J)
      ParamLeaks::lower(P.Pointee[J], Q.Pointee[J]);
    P.Mutates |= Q.Mutates;
  }
  A.ResultUnknown |= B.ResultUnknown;
  return A;
}

void recordLeak(Graph &G, const Location &Root, const Location &Param,
                int Derefs) {
  FunctionInfo *F = G.info(Param.Fn);
  if (!F || Param.ParamIndex < 0)
    return;
  if (F->Leaks.size() != F->Params.size()) {
    F->Leaks.resize(F->Params.size());
    for (ParamLeaks &P : F->Leaks)
      P.Pointee.assign(F->Params.size(), NoLeak);
  }
  ParamLeaks &P = F->Leaks[Param.ParamIndex];
  bool Own = Root.Fn == Param.Fn;
  switch (Root.Kind) {
  case LocKind::Mutator:
    return;
  case LocKind::FreeSink:
    if (Own)
      ParamLeaks::lower(P.Frees, Derefs);
    return;
  case LocKind::Result:
    if (Own)
      ParamLeaks::lower(P.Result, Derefs);
    return;
  case LocKind::ParamPointee:
    if (Own) {
      ParamLeaks::lower(P.Pointee[Root.ParamIndex], Derefs);
    } else {
      ParamLeaks::lower(P.Heap, Derefs);
      ParamLeaks::lower(P.Kept, Derefs);
    }
    return;
  case LocKind::Root:
    ParamLeaks::lower(Root.RootReason == Reason::Thread ? P.Thread : P.Heap,
                      Derefs);
    if (Root.RootCertain || Root.RootReason == Reason::Integer)
      ParamLeaks::lower(P.Kept, Derefs);
    return;
  default:
    ParamLeaks::lower(P.Heap, Derefs);
  }
}

/// Whether the value of \p From (F's result, or what F stores in a
/// parameter's pointee) may come from somewhere other than F's parameters:
/// globals, F's own allocations, anything from unknown code. What comes
/// from the parameters the caller already knows through the leaks.
static bool mayHoldForeignPointers(Graph &G, FunctionInfo &F, Location &From) {
  bool Foreign = false;
  walkBackward(G, {&From}, [&](Location &L, int Derefs) {
    if (Foreign)
      return false;
    if (&L == &From)
      return true;
    switch (L.Kind) {
    case LocKind::Temp:
      return true;
    case LocKind::Local:
      if (L.isParam() && L.Fn == F.Fn && Derefs >= 0)
        return false;
      if (Derefs >= 0 && !L.Exposed)
        return true;
      break;
    default:
      break;
    }
    Foreign = true;
    return false;
  });
  return Foreign;
}

/// Marks the parameters through which \p F may write pointers into its
/// caller's memory (Go's "mutates param"): stores into what they point to,
/// or handing them to code that might.
static void markMutations(Graph &G, FunctionInfo &F,
                          std::vector<ParamLeaks> &Params) {
  // Anything with a value stored deeper than a parameter's pointee
  // (`(*o)->p = v`) is beyond what the leaks describe.
  bool DeepStores = false;
  walkBackward(G, {G.root(Reason::Param)}, [&](Location &L, int) {
    if (L.Kind != LocKind::Root && (L.Kind != LocKind::Temp || !L.In.empty()))
      DeepStores = true;
    return !DeepStores;
  });
  for (unsigned I = 0; I < Params.size(); ++I)
    Params[I].Mutates =
        DeepStores || mayHoldForeignPointers(G, F, *F.ParamPointees[I]);
  for (unsigned I = 0; I < Params.size(); ++I)
    Params[I].Mutates |= F.Params[I]->ReachesWriter;
}

void summarize(Graph &G, SummaryMap &Out) {
  for (FunctionInfo &F : G.Functions) {
    FunctionSummary S;
    S.Params = F.Leaks;
    if (S.Params.size() != F.Params.size()) {
      S.Params.assign(F.Params.size(), ParamLeaks());
      for (ParamLeaks &P : S.Params)
        P.Pointee.assign(F.Params.size(), NoLeak);
    }
    S.ResultUnknown = mayHoldForeignPointers(G, F, *F.Result);
    markMutations(G, F, S.Params);
    Out[F.Fn] = std::move(S);
  }
}

} // namespace cescape::escape
