//===- Fields.cpp - fields of local structs, elements of short arrays ----===//
//
// A local that no code reaches but by its name gets a location per field
// (and per element of a short array indexed by constants), so that a
// struct's length does not stand for the block next to it. Every other way
// to the object (its address, a decay, a variable index) keeps it whole.
//
//===----------------------------------------------------------------------===//
#include "Build.h"
#include "utils/AST.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <algorithm>
#include <functional>

using namespace clang;

namespace cescape::escape {

/// How deep nested structs get locations of their own, and how many a
/// variable gets at most (a larger struct stays one location).
constexpr unsigned MaxFieldDepth = 3;
constexpr unsigned MaxFieldLocations = 32;
/// Arrays up to this length get a location per element (`char *parts[2]`).
constexpr uint64_t MaxElements = 8;

Location *Builder::newLocal(const VarDecl *V, QualType T,
                            const LoopSet &Loops) {
  Location *L = G.newLocation(LocKind::Local, Fn->Fn, Loops);
  L->Var = V;
  L->Anchor = CurrentAnchor;
  L->ScopeDepth = ScopeDepth;
  Fn->Locals.push_back(L);
  bitsOnly(L, T);
  return L;
}

/// The parts \p T splits into: the fields of a struct, the elements of a
/// short array that may hold pointers; empty for anything else.
static llvm::SmallVector<std::pair<PathStep, QualType>, 8>
partsOf(QualType T, const ASTContext &Ctx) {
  llvm::SmallVector<std::pair<PathStep, QualType>, 8> Parts;
  if (const RecordDecl *R = T->getAsRecordDecl()) {
    if (!R->isUnion() && R->isCompleteDefinition())
      for (const FieldDecl *FD : R->fields())
        Parts.push_back({{FD, 0}, FD->getType()});
  } else if (const auto *A = Ctx.getAsConstantArrayType(T)) {
    uint64_t Size = A->getSize().getZExtValue();
    if (Size <= MaxElements && holdsPointers(A->getElementType()))
      for (uint64_t I = 0; I < Size; ++I)
        Parts.push_back({{nullptr, I}, A->getElementType()});
  }
  return Parts;
}

bool Builder::splitFields(const VarDecl *V, const LoopSet &Loops) {
  if (Aliased.contains(V) || partsOf(V->getType(), Ctx).empty())
    return false;
  std::vector<FieldLocation> Out;
  llvm::SmallVector<QualType, 8> Types;
  FieldPath Path;
  bool TooMany = false;
  std::function<void(QualType)> Collect = [&](QualType T) {
    for (const auto &[Step, PartType] : partsOf(T, Ctx)) {
      Path.push_back(Step);
      if (Path.size() < MaxFieldDepth && !partsOf(PartType, Ctx).empty())
        Collect(PartType);
      else if (Out.size() == MaxFieldLocations)
        TooMany = true;
      else {
        Out.push_back({Path, nullptr});
        Types.push_back(PartType);
      }
      Path.pop_back();
    }
  };
  Collect(V->getType());
  if (TooMany || Out.empty())
    return false;
  for (size_t I = 0; I < Out.size(); ++I) {
    FieldLocation &F = Out[I];
    F.Loc = newLocal(V, Types[I], Loops);
    for (const PathStep &Step : F.Path)
      F.Loc->FieldPath += !Step.Field ? "[" + std::to_string(Step.Index) + "]"
                          : Step.Field->getName().empty()
                              ? std::string(".{anonymous}")
                              : "." + Step.Field->getName().str();
  }
  Fields[V] = std::move(Out);
  return true;
}

const VarDecl *Builder::splitStorage(const Expr *E, FieldPath &Path) {
  Path.clear();
  for (;;) {
    E = E->IgnoreParens();
    if (const auto *ME = dyn_cast<MemberExpr>(E); ME && !ME->isArrow()) {
      const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (!FD)
        return nullptr;
      Path.push_back({FD, 0});
      E = ME->getBase();
    } else if (const auto *A = dyn_cast<ArraySubscriptExpr>(E)) {
      std::optional<uint64_t> Index = constantElement(A, Ctx);
      if (!Index)
        return nullptr;
      Path.push_back({nullptr, *Index});
      E = cast<ImplicitCastExpr>(A->getBase()->IgnoreParens())->getSubExpr();
    } else {
      break;
    }
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!V || !Fields.count(V))
    return nullptr;
  std::reverse(Path.begin(), Path.end());
  return V;
}

llvm::SmallVector<Location *, 4> Builder::fieldsAt(const VarDecl *V,
                                                   const FieldPath &Path) {
  llvm::SmallVector<Location *, 4> Out;
  for (const FieldLocation &F : Fields.find(V)->second) {
    unsigned Common = std::min(F.Path.size(), Path.size());
    if (!std::equal(Path.begin(), Path.begin() + Common, F.Path.begin()))
      continue;
    if (F.Path.size() <= Path.size()) // Path goes into this field
      return {F.Loc};
    Out.push_back(F.Loc);
  }
  return Out;
}

Hole Builder::writeAll(llvm::ArrayRef<Location *> Fields,
                       SourceLocation Where) {
  if (Fields.size() == 1)
    return Hole{Fields.front(), 0, Where, "assign"};
  // A struct value written whole: every field that may hold a pointer may
  // receive any of its pointers (pointers read as numbers escape where they
  // are read: loadHole, unions).
  Location *Value = newTemp(nullptr, "{struct value}");
  for (Location *F : Fields)
    if (!F->BitsOnly)
      G.flow(Hole{F, 0, Where, "assign"}, Value);
  return Hole{Value, 0, Where, "assign"};
}

void Builder::initFields(const VarDecl *V, FieldPath &Path, const Expr *Init,
                         SourceLocation Where) {
  const auto *List = dyn_cast<InitListExpr>(Init->IgnoreParens());
  if (List && List->isTransparent())
    return initFields(V, Path, List->getInit(0), Where);
  llvm::SmallVector<Location *, 4> At = fieldsAt(V, Path);
  bool SplitBelow =
      List && llvm::any_of(Fields.find(V)->second, [&](const FieldLocation &F) {
        return F.Path.size() > Path.size() &&
               std::equal(Path.begin(), Path.end(), F.Path.begin());
      });
  if (!SplitBelow) {
    expr(writeAll(At, Where), Init);
    return;
  }
  auto Parts = partsOf(List->getType(), Ctx);
  for (unsigned I = 0; I < List->getNumInits() && I < Parts.size(); ++I) {
    Path.push_back(Parts[I].first);
    initFields(V, Path, List->getInit(I), Where);
    Path.pop_back();
  }
}

} // namespace cescape::escape
