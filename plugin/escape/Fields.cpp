//===- Fields.cpp - fields of local structs, elements of short arrays ----===//
//
// A local that no code reaches but by its name gets a location per field
// (and per element of a short array indexed by constants), so that a
// struct's length does not stand for the block next to it. So does a fresh
// block that no code reaches but through one local pointer's arrow
// (`q->a`): a held block. Every other way to the object (its address, a
// decay, a variable index, the pointer going anywhere) keeps it whole.
//
//===----------------------------------------------------------------------===//
#include "Build.h"
#include "LibcModel.h"
#include "utils/AST.h"
#include "utils/StmtWalk.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
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

/// The condition of a branch or loop (but `for`), which only tests its
/// value.
static const Expr *condition(const Stmt *S) {
  if (const auto *If = dyn_cast<IfStmt>(S))
    return If->getCond();
  if (const auto *While = dyn_cast<WhileStmt>(S))
    return While->getCond();
  if (const auto *Do = dyn_cast<DoStmt>(S))
    return Do->getCond();
  if (const auto *C = dyn_cast<ConditionalOperator>(S))
    return C->getCond();
  return nullptr;
}

bool Builder::splitFields(const VarDecl *V, const LoopSet &Loops) {
  return !Aliased.contains(V) && addFieldLocations(V, V->getType(), Loops);
}

bool Builder::addFieldLocations(const VarDecl *V, QualType T,
                                const LoopSet &Loops) {
  if (partsOf(T, Ctx).empty())
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
  Collect(T);
  if (TooMany || Out.empty())
    return false;
  for (size_t I = 0; I < Out.size(); ++I) {
    FieldLocation &F = Out[I];
    F.Loc = newLocal(V, Types[I], Loops);
    for (const PathStep &Step : F.Path)
      F.Loc->FieldPath +=
          !Step.Field
              ? "[" + std::to_string(Step.Index) + "]"
              : (&Step == &F.Path.front() && Held.contains(V) ? "->" : ".") +
                    (Step.Field->getName().empty()
                         ? std::string("{anonymous}")
                         : Step.Field->getName().str());
  }
  Fields[V] = std::move(Out);
  return true;
}

const VarDecl *Builder::splitStorage(const Expr *E, FieldPath &Path) {
  Path.clear();
  bool Arrow = false;
  while (!Arrow) {
    E = E->IgnoreParens();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (!FD)
        return nullptr;
      Path.push_back({FD, 0});
      E = ME->getBase();
      // `q->a` of a held block: the chain ends at the pointer.
      if ((Arrow = ME->isArrow()))
        E = E->IgnoreParenImpCasts();
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
  if (!V || !Fields.count(V) || Held.contains(V) != Arrow)
    return nullptr;
  std::reverse(Path.begin(), Path.end());
  return V;
}

/// Whether \p E is null or a call whose result is a block nothing else
/// points to and that holds no pointer yet: the C library's allocators but
/// realloc, functions declared `malloc` (GCC: "no pointers to valid objects
/// occur in any storage addressed by" the result), wrappers whose body only
/// allocates. Not `alloc=` allocators: a pool's block may hold old pointers.
bool Builder::freshOrNull(const Expr *E) const {
  if (isNullConstant(E, Ctx))
    return true;
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenCasts());
  const FunctionDecl *Callee =
      Call ? resolveCallee(Call, *Reassigned) : nullptr;
  if (!Callee)
    return false;
  CallRole Role = roleOf(Call, Callee, Opts, Wrappers, Ctx);
  if (Role.Declared)
    return false;
  if (Role.Wrapper)
    return Role.Wrapper->OnlyAllocates;
  if (const LibcFunction *L =
          hasKnownBody(Callee) ? nullptr : lookupLibc(Callee))
    return L->Kind == LibcKind::Allocate && L->Alloc != AllocKind::Realloc;
  return Role.Kind == CallRole::Allocates && Callee->hasAttr<RestrictAttr>();
}

void Builder::findHeldBlocks(const Stmt *Body) {
  Held.clear();
  // Candidates: locals an allocation assigns (planDefinitions), of a type
  // that splits; a pointer no allocation assigns holds no block to split.
  // Most functions have none and are not walked again.
  llvm::DenseSet<const VarDecl *> Candidates, Spoiled;
  for (const VarDecl *V : DefinedByAllocations) {
    QualType Pointee = V->getType()->getPointeeType();
    if (V->hasLocalStorage() && !isa<ParmVarDecl>(V) && !Aliased.contains(V) &&
        !Pointee.isVolatileQualified() && holdsPointers(Pointee) &&
        !partsOf(Pointee, Ctx).empty())
      Candidates.insert(V);
  }
  if (Candidates.empty())
    return;
  auto Candidate = [&](const DeclRefExpr *Ref) {
    return Candidates.contains(dyn_cast<VarDecl>(Ref->getDecl()));
  };
  // One walk notes every use of a candidate; the checks that cost
  // (allocator and deallocator roles) run after it.
  std::vector<const DeclRefExpr *> Refs;
  llvm::DenseSet<const DeclRefExpr *> Harmless;
  // Expressions whose value is dropped or only tested: an assignment
  // there hands the block to nothing else (`r = (q = malloc(n))` would).
  llvm::DenseSet<const Expr *> ValueUnused;
  std::vector<std::pair<const BinaryOperator *, const DeclRefExpr *>> Assigned;
  std::vector<std::pair<const DeclRefExpr *, const CallExpr *>> Passed;
  auto RefTo = [](const Expr *E) {
    return E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()) : nullptr;
  };
  auto Keep = [&](const Expr *E) {
    if (!E)
      return;
    ValueUnused.insert(E->IgnoreParens());
    if (const DeclRefExpr *Ref = RefTo(E))
      Harmless.insert(Ref);
  };
  // `({ ...; q = malloc(n); })`: the statement expression's value.
  llvm::SmallPtrSet<const Expr *, 4> Values;
  auto Drop = [&](const Stmt *S) {
    if (const auto *E = dyn_cast_or_null<Expr>(S); E && !Values.contains(E))
      ValueUnused.insert(E->IgnoreParens());
  };
  StorageExposure Exposure(Ctx);
  auto Spoil = [&](const Expr *E) {
    if (const VarDecl *V = pointedStorage(E))
      Spoiled.insert(V);
  };
  forEachBodyStmt(Body, [&](const Stmt *S) {
    Exposure.visit(S, Spoil);
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      for (const Stmt *Child : Block->body())
        Drop(Child);
    } else if (const auto *Statements = dyn_cast<StmtExpr>(S)) {
      if (const Expr *Value = statementValue(Statements))
        Values.insert(Value);
    } else if (const auto *Case = dyn_cast<SwitchCase>(S)) {
      Drop(Case->getSubStmt());
    } else if (const auto *Label = dyn_cast<LabelStmt>(S)) {
      Drop(Label->getSubStmt());
    } else if (const auto *For = dyn_cast<ForStmt>(S)) {
      Drop(For->getInit());
      Drop(For->getInc());
      Drop(For->getBody());
      Keep(For->getCond());
    } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (Candidate(Ref))
        Refs.push_back(Ref);
    } else if (const auto *M = dyn_cast<MemberExpr>(S)) {
      // The base is read, not dropped: `(q = malloc(n))->a` is no `q->a`.
      if (const DeclRefExpr *Ref = M->isArrow() ? RefTo(M->getBase()) : nullptr)
        Harmless.insert(Ref);
    } else if (const auto *B = dyn_cast<BinaryOperator>(S)) {
      if (B->getOpcode() == BO_Assign) {
        if (const DeclRefExpr *Ref = RefTo(B->getLHS()))
          Assigned.push_back({B, Ref});
      } else if (B->getOpcode() == BO_Comma) {
        Drop(B->getLHS());
      } else if (B->getOpcode() == BO_LAnd || B->getOpcode() == BO_LOr) {
        Keep(B->getLHS());
        Keep(B->getRHS());
      } else if (B->isEqualityOp()) {
        if (isNullConstant(B->getRHS(), Ctx))
          Keep(B->getLHS());
        if (isNullConstant(B->getLHS(), Ctx))
          Keep(B->getRHS());
      }
    } else if (const auto *U = dyn_cast<UnaryOperator>(S)) {
      if (U->getOpcode() == UO_LNot)
        Keep(U->getSubExpr());
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      for (const Expr *Arg : Call->arguments())
        if (const DeclRefExpr *Ref = RefTo(Arg))
          Passed.push_back({Ref, Call});
    } else if (const Expr *Cond = condition(S)) {
      Keep(Cond);
      if (const auto *If = dyn_cast<IfStmt>(S)) {
        Drop(If->getThen());
        Drop(If->getElse());
      } else if (const auto *While = dyn_cast<WhileStmt>(S)) {
        Drop(While->getBody());
      } else if (const auto *Do = dyn_cast<DoStmt>(S)) {
        Drop(Do->getBody());
      }
    } else if (const auto *Size = dyn_cast<UnaryExprOrTypeTraitExpr>(S)) {
      // `sizeof *q` does not evaluate q.
      if (!Size->getTypeOfArgument()->isVariablyModifiedType())
        forEachStmt(Size, [&](const Stmt *Below) {
          if (const auto *Ref = dyn_cast<DeclRefExpr>(Below))
            Harmless.insert(Ref);
          return true;
        });
    }
    return true;
  });
  // `q = malloc(...)`, `q = NULL`, and so initialised.
  for (auto [Assign, Ref] : Assigned)
    if (Candidate(Ref) && ValueUnused.contains(Assign) &&
        freshOrNull(Assign->getRHS()))
      Harmless.insert(Ref);
  for (const VarDecl *V : Candidates)
    if (V->getInit() && !freshOrNull(V->getInit()))
      Spoiled.insert(V);
  // `free(q)`: the block's end, which reads no field.
  for (auto [Ref, Call] : Passed) {
    if (!Candidate(Ref))
      continue;
    const FunctionDecl *Callee = resolveCallee(Call, *Reassigned);
    const LibcFunction *L =
        Callee && !hasKnownBody(Callee) ? lookupLibc(Callee) : nullptr;
    CallRole Role = roleOf(Call, Callee, Opts, Wrappers, Ctx);
    const Expr *Freed =
        L && L->Kind == LibcKind::Free ? Call->getArg(0)
        : Role.Kind == CallRole::Frees && Role.FreedArg < Call->getNumArgs()
            ? Call->getArg(Role.FreedArg)
            : nullptr;
    if (RefTo(Freed) == Ref)
      Harmless.insert(Ref);
  }
  for (const DeclRefExpr *Ref : Refs)
    if (!Harmless.contains(Ref))
      Spoiled.insert(cast<VarDecl>(Ref->getDecl()));
  for (const VarDecl *V : Candidates)
    if (!Spoiled.contains(V))
      Held.insert(V);
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
