//===- Graph.cpp - the escape graph ---------------------------------------===//
#include "Graph.h"
#include "utils/AST.h"

#include "clang/AST/Decl.h"
#include "llvm/Support/ErrorHandling.h"

#include <algorithm>
#include <cassert>
#include <iterator>

namespace cescape::escape {

namespace {
struct ReasonText {
  const char *Word;
  const char *Explanation;
};
} // namespace

static constexpr ReasonText ReasonTexts[] = {
#define REASON(Id, Word, Explanation) {Word, Explanation},
#include "Reasons.def"
};
static_assert(std::size(ReasonTexts) == static_cast<size_t>(Reason::Last) + 1,
              "a row of Reasons.def per Reason");

const char *reasonWord(Reason R) {
  assert(R <= Reason::Last && "a Reason without a row");
  return ReasonTexts[static_cast<size_t>(R)].Word;
}

const char *escapeExplanation(Reason Why) {
  assert(Why <= Reason::Last && "a Reason without a row");
  return ReasonTexts[static_cast<size_t>(Why)].Explanation;
}

std::string Location::name() const {
  switch (Kind) {
  case LocKind::Local:
    return Var ? Var->getName().str() + FieldPath : "a local";
  case LocKind::Alloc:
    return "the memory from " + Label;
  case LocKind::FrameObject:
    return "the memory of " + Label;
  case LocKind::Temp:
    // Named by the expression it holds: `'p + 1' points where p points`.
    if (Site && Fn)
      return "'" + Label + spelling(Site, Fn->getASTContext()) + "'";
    return Label.empty() ? "a value" : Label;
  case LocKind::Result:
    return "the result of " + (Fn ? Fn->getName().str() : std::string()) + "()";
  case LocKind::ParamPointee:
    if (Fn && unsigned(ParamIndex) < Fn->getNumParams() &&
        Fn->getParamDecl(ParamIndex)->getIdentifier())
      return "*" + Fn->getParamDecl(ParamIndex)->getName().str();
    return "{memory a parameter points to}";
  case LocKind::Root:
    return std::string("{") + reasonWord(RootReason) + "}";
  case LocKind::Mutator:
    return "{memory written with unknown pointers}";
  case LocKind::FreeSink:
    return "{free}";
  }
  llvm_unreachable("a LocKind without a name");
}

Graph::Graph() {
  for (unsigned R = 0; R <= static_cast<unsigned>(Reason::Last); ++R) {
    Location *L = newLocation(LocKind::Root, nullptr);
    L->RootReason = static_cast<Reason>(R);
    L->RootCertain =
        L->RootReason == Reason::Global || L->RootReason == Reason::Param;
    L->Escapes = true;
    L->EscapeCertain = L->RootCertain;
    L->Why = L->RootReason;
    Roots[R] = L;
  }
  Kept = newLocation(LocKind::Root, nullptr);
  Kept->RootReason = Reason::Call;
  Kept->RootCertain = true;
  Kept->Escapes = true;
  Kept->EscapeCertain = true;
  Kept->Why = Reason::Call;
  Mutator = newLocation(LocKind::Mutator, nullptr);
}

bool inLoopsOf(const LoopSet &Inner, const LoopSet &Outer) {
  return std::includes(Outer.begin(), Outer.end(), Inner.begin(), Inner.end());
}

Location *Graph::newLocation(LocKind Kind, const clang::FunctionDecl *Fn,
                             LoopSet Loops) {
  Locations.emplace_back();
  Location *L = &Locations.back();
  L->Kind = Kind;
  L->Fn = Fn;
  L->Loops = std::move(Loops);
  return L;
}

void Graph::flow(const Hole &H, Location *Src) {
  if (H.discards() || !Src)
    return;
  if (H.Dst == Src && H.Derefs == 0)
    return;
  // &&x does not exist: the builder never takes an address twice, and the
  // solver reads every negative count as "the address".
  assert(H.Derefs >= -1 && "an edge takes the address of an address");
  Edges.push_back(Edge{Src, H.Dst, H.Derefs, H.Where, H.Why});
  H.Dst->In.push_back(&Edges.back());
}

FunctionInfo *Graph::info(const clang::FunctionDecl *Fn) {
  return InfoByDecl.lookup(Fn);
}

} // namespace cescape::escape
