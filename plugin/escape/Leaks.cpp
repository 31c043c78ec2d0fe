//===- Leaks.cpp - per-parameter summaries --------------------------------===//
#include "Leaks.h"
#include "Solve.h"

namespace cescape::escape {

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
    ParamLeaks::lower(Own ? P.Result : P.Heap, Derefs);
    return;
  case LocKind::ParamPointee:
    ParamLeaks::lower(Own ? P.Pointee[Root.ParamIndex] : P.Heap, Derefs);
    return;
  case LocKind::Root:
    ParamLeaks::lower(Root.RootReason == Reason::Thread ? P.Thread : P.Heap,
                      Derefs);
    return;
  default:
    ParamLeaks::lower(P.Heap, Derefs);
  }
}

/// Whether the result of \p F may point to memory the caller cannot see
/// through the arguments.
static bool resultUnknown(Graph &G, FunctionInfo &F) {
  bool Unknown = false;
  walkBackward(G, {F.Result}, [&](Location &L, int Derefs) {
    if (Unknown)
      return false;
    switch (L.Kind) {
    case LocKind::Temp:
      return true;
    case LocKind::Result:
      if (&L == F.Result)
        return true;
      break;
    case LocKind::Local:
      if (L.isParam() && L.Fn == F.Fn && Derefs >= 0)
        return false; // the caller knows what it passed
      if (Derefs >= 0 && !L.Exposed)
        return true;
      break;
    default:
      break;
    }
    Unknown = true;
    return false;
  });
  return Unknown;
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
    S.ResultUnknown = resultUnknown(G, F);
    Out[F.Fn] = std::move(S);
  }
}

} // namespace cescape::escape
