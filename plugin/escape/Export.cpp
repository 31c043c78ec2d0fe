//===- Export.cpp - summaries shared between translation units ------------===//
#include "Export.h"
#include "ClangCompat.h"

#include "llvm/Support/JSON.h"

namespace json = llvm::json;

namespace cescape::escape {

static int64_t level(int Derefs) { return Derefs == NoLeak ? -1 : Derefs; }

static std::optional<int> readLevel(const json::Value &V) {
  std::optional<int64_t> I = stdOptional(V.getAsInteger());
  if (!I || *I < -1 || *I > 1000)
    return std::nullopt;
  return *I < 0 ? NoLeak : int(*I);
}

static const char *kindName(AllocKind K) {
  return K == AllocKind::Calloc ? "calloc" : "malloc";
}

std::string exportFunction(const ExportedFunction &F) {
  json::Array Params;
  for (const ParamLeaks &P : F.Summary.Params) {
    json::Array Pointee;
    for (int D : P.Pointee)
      Pointee.push_back(level(D));
    Params.push_back(json::Array{level(P.Heap), level(P.Result),
                                 level(P.Thread), level(P.Frees), level(P.Kept),
                                 P.Mutates, std::move(Pointee)});
  }
  json::Object Out{{"params", std::move(Params)},
                   {"result_unknown", F.Summary.ResultUnknown}};
  if (const auto &A = F.Allocator) {
    json::Array SizeParams;
    for (unsigned P : A->SizeParams)
      SizeParams.push_back(int64_t(P));
    Out["allocator"] = json::Object{
        {"kind", kindName(A->Kind)},
        {"size_params", std::move(SizeParams)},
        {"scale", A->SizeScale ? json::Value(int64_t(*A->SizeScale))
                               : json::Value(nullptr)},
        {"only_allocates", A->OnlyAllocates},
        {"inner", A->Inner}};
  }
  if (F.FreedParam)
    Out["frees"] = int64_t(*F.FreedParam);
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << json::Value(std::move(Out)); // keys print sorted: stable text
  return Text;
}

/// One definition's summary, as exportFunction wrote it.
static std::optional<ExportedFunction> importObject(const json::Object &Obj) {
  const json::Array *Params = Obj.getArray("params");
  std::optional<bool> ResultUnknown =
      stdOptional(Obj.getBoolean("result_unknown"));
  if (!Params || !ResultUnknown)
    return std::nullopt;
  ExportedFunction F;
  F.Summary.ResultUnknown = *ResultUnknown;
  for (const json::Value &V : *Params) {
    const json::Array *P = V.getAsArray();
    if (!P || P->size() != 7)
      return std::nullopt;
    ParamLeaks L;
    int *Slots[] = {&L.Heap, &L.Result, &L.Thread, &L.Frees, &L.Kept};
    for (unsigned I = 0; I < 5; ++I) {
      std::optional<int> D = readLevel((*P)[I]);
      if (!D)
        return std::nullopt;
      *Slots[I] = *D;
    }
    std::optional<bool> Mutates = stdOptional((*P)[5].getAsBoolean());
    const json::Array *Pointee = (*P)[6].getAsArray();
    if (!Mutates || !Pointee || Pointee->size() > Params->size())
      return std::nullopt;
    L.Mutates = *Mutates;
    for (const json::Value &D : *Pointee) {
      std::optional<int> Level = readLevel(D);
      if (!Level)
        return std::nullopt;
      L.Pointee.push_back(*Level);
    }
    F.Summary.Params.push_back(std::move(L));
  }
  if (const json::Object *A = Obj.getObject("allocator")) {
    std::optional<llvm::StringRef> Kind = stdOptional(A->getString("kind"));
    const json::Array *SizeParams = A->getArray("size_params");
    std::optional<bool> Only = stdOptional(A->getBoolean("only_allocates"));
    std::optional<llvm::StringRef> Inner = stdOptional(A->getString("inner"));
    const json::Value *Scale = A->get("scale");
    if (!Kind || !SizeParams || !Only || !Inner || !Scale)
      return std::nullopt;
    AllocatorWrapper W{*Kind == "calloc" ? AllocKind::Calloc
                                         : AllocKind::Malloc,
                       {},
                       std::nullopt,
                       *Only,
                       Inner->str()};
    if (std::optional<int64_t> S = stdOptional(Scale->getAsInteger());
        S && *S >= 0)
      W.SizeScale = uint64_t(*S);
    for (const json::Value &P : *SizeParams) {
      std::optional<int64_t> I = stdOptional(P.getAsInteger());
      if (!I || *I < 0 || size_t(*I) >= Params->size())
        return std::nullopt;
      W.SizeParams.push_back(unsigned(*I));
    }
    F.Allocator = std::move(W);
  }
  if (std::optional<int64_t> Freed = stdOptional(Obj.getInteger("frees"))) {
    if (*Freed < 0 || size_t(*Freed) >= Params->size())
      return std::nullopt;
    F.FreedParam = unsigned(*Freed);
  }
  return F;
}

/// Whether two allocator wrappers return the same blocks (kind and size),
/// from the same allocator.
static bool sameBlocks(const AllocatorWrapper &A, const AllocatorWrapper &B) {
  return A.Kind == B.Kind && A.SizeParams == B.SizeParams &&
         A.SizeScale == B.SizeScale && A.Inner == B.Inner;
}

/// What holds whichever of \p A and \p B a call links to: the join of the
/// summaries; an allocator wrapper only when both return the same blocks
/// (and only allocate when both do), a deallocator only when both free the
/// same parameter.
static std::optional<ExportedFunction> join(const ExportedFunction &A,
                                            const ExportedFunction &B) {
  std::optional<FunctionSummary> S = join(A.Summary, B.Summary);
  if (!S)
    return std::nullopt;
  ExportedFunction F{std::move(*S), std::nullopt, std::nullopt};
  if (A.Allocator && B.Allocator && sameBlocks(*A.Allocator, *B.Allocator)) {
    F.Allocator = A.Allocator;
    F.Allocator->OnlyAllocates &= B.Allocator->OnlyAllocates;
  }
  if (A.FreedParam == B.FreedParam)
    F.FreedParam = A.FreedParam;
  return F;
}

std::optional<ExportedFunction> importFunction(llvm::StringRef Text) {
  llvm::Expected<json::Value> Parsed = json::parse(Text);
  if (!Parsed) {
    llvm::consumeError(Parsed.takeError());
    return std::nullopt;
  }
  if (const json::Object *Obj = Parsed->getAsObject())
    return importObject(*Obj);
  const json::Array *Definitions = Parsed->getAsArray();
  if (!Definitions || Definitions->empty())
    return std::nullopt;
  std::optional<ExportedFunction> F;
  for (const json::Value &V : *Definitions) {
    const json::Object *Obj = V.getAsObject();
    std::optional<ExportedFunction> G = Obj ? importObject(*Obj) : std::nullopt;
    if (!G)
      return std::nullopt;
    F = F ? join(*F, *G) : std::move(G);
    if (!F)
      return std::nullopt;
  }
  return F;
}

} // namespace cescape::escape
