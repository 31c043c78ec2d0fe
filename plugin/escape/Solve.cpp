//===- Solve.cpp - solving the escape graph -------------------------------===//
#include "Solve.h"
#include "Leaks.h"

#include "llvm/ADT/DenseSet.h"

#include <deque>

namespace cescape::escape {

void walkBackward(Graph &G, llvm::ArrayRef<Location *> Roots,
                  llvm::function_ref<bool(Location &, int)> Visit) {
  unsigned Gen = ++G.WalkGen;
  std::deque<Location *> Queue;
  for (Location *R : Roots) {
    R->WalkGen = Gen;
    R->Derefs = 0;
    R->Next = nullptr;
    Queue.push_back(R);
  }
  while (!Queue.empty()) {
    Location *L = Queue.front();
    Queue.pop_front();
    if (!Visit(*L, L->Derefs))
      continue;
    // For "root = &l; l = x", l's address reaches the root but only x's
    // value does: a path never goes below zero once past an address-of.
    int Base = L->Derefs < 0 ? 0 : L->Derefs;
    for (const Edge *E : L->In) {
      Location *Src = E->Src;
      int D = Base + E->Derefs;
      if (Src->WalkGen != Gen || D < Src->Derefs) {
        Src->WalkGen = Gen;
        Src->Derefs = D;
        Src->Next = E;
        Queue.push_back(Src);
      }
    }
  }
}

PointsTo pointsTo(Graph &G, Location *Ptr) {
  PointsTo Out;
  auto Add = [&](Location *T) {
    if (llvm::find(Out.Targets, T) == Out.Targets.end())
      Out.Targets.push_back(T);
  };
  // Unlike the escape walk, a location reached by its address is a target
  // and the end of that path: what it contains is not what Ptr holds.
  walkBackward(G, {Ptr}, [&](Location &L, int Derefs) {
    if (&L == Ptr)
      return true;
    switch (L.Kind) {
    case LocKind::Root:
      // &global is a known target; any other value read from a root is a
      // pointer into memory we cannot see.
      Add(Derefs < 0 && L.RootReason == Reason::Global ? &L
                                                       : G.root(Reason::Heap));
      return false;
    case LocKind::ParamPointee:
      Add(G.root(Reason::Param));
      return false;
    case LocKind::Local:
    case LocKind::Alloc:
    case LocKind::FrameObject:
      if (Derefs < 0) {
        Add(&L);
        return false;
      }
      if (L.isParam())
        Add(Derefs == 0 ? G.info(L.Fn)->ParamPointees[L.ParamIndex]
                        : G.root(Reason::Param));
      else if (L.Exposed)
        Add(G.root(Reason::Heap));
      return true;
    default:
      return Derefs >= 0;
    }
  });
  if (Out.Targets.empty()) // null, garbage or an integer: be safe
    Out.Targets.push_back(G.root(Reason::Heap));
  return Out;
}

/// Marks locations that others may write pointers into: those whose
/// address reaches a call argument, a root or a result.
static void computeExposure(Graph &G) {
  std::vector<Location *> Seeds{G.mutator()};
  for (Location &L : G.Locations)
    if (L.Kind == LocKind::Root || L.Kind == LocKind::Result ||
        L.Kind == LocKind::ParamPointee)
      Seeds.push_back(&L);
  walkBackward(G, Seeds, [&](Location &L, int Derefs) {
    if (Derefs < 0)
      L.Exposed = true;
    return true;
  });
}

void resolveStores(Graph &G) {
  // Each round can only add edges, and each store has few targets; real
  // code settles in two or three rounds.
  constexpr unsigned MaxRounds = 8;
  bool Changed = true;
  for (unsigned Round = 0; Changed && Round < MaxRounds; ++Round) {
    Changed = false;
    computeExposure(G);
    for (Store &S : G.Stores) {
      for (Location *T : pointsTo(G, S.Ptr).Targets) {
        if (llvm::find(S.Targets, T) != S.Targets.end())
          continue;
        S.Targets.push_back(T);
        G.flow(Hole{T, 0, S.Where, "store"}, S.Val);
        Changed = true;
      }
    }
  }
  if (Changed) // did not settle: every store may go anywhere
    for (Store &S : G.Stores)
      G.flow(Hole{G.root(Reason::Heap), 0, S.Where, "store"}, S.Val);
  computeExposure(G);
}

void markEscape(Location &L, Reason Why) {
  L.Escapes = true;
  L.Why = Why;
}

namespace {

class Solver {
public:
  explicit Solver(Graph &G) : G(G) {}

  void run() {
    // Walked last to first: roots that name the most useful reason first.
    llvm::DenseMap<const clang::FunctionDecl *, unsigned> DeepestSite;
    for (const AllocSite &A : G.Allocs) {
      unsigned &D = DeepestSite[A.Loc->Fn];
      D = std::max(D, A.Loc->LoopDepth);
    }
    for (Location &L : G.Locations) {
      bool LoopRoot = (L.Kind == LocKind::Local || L.Kind == LocKind::Alloc ||
                       L.Kind == LocKind::FrameObject) &&
                      L.LoopDepth < DeepestSite.lookup(L.Fn);
      if (LoopRoot || L.Kind == LocKind::FreeSink)
        push(&L);
    }
    for (Location &L : G.Locations)
      if (L.Escapes && !L.isPseudo() && L.Kind != LocKind::ParamPointee)
        push(&L);
    for (Reason R : {Reason::Heap, Reason::Indirect, Reason::Extern,
                     Reason::Call, Reason::Asm, Reason::Realloc,
                     Reason::Thread, Reason::Param, Reason::Global})
      push(G.root(R));
    for (FunctionInfo &F : G.Functions)
      for (Location *P : F.ParamPointees)
        push(P);
    for (FunctionInfo &F : G.Functions)
      push(F.Result);
    while (!Todo.empty()) {
      Location *Root = Todo.back();
      Todo.pop_back();
      Queued.erase(Root);
      walkOne(*Root);
    }
  }

private:
  void push(Location *L) {
    if (Queued.insert(L).second)
      Todo.push_back(L);
  }

  static bool outlives(const Location &Root, const Location &L) {
    if (Root.Kind == LocKind::Mutator || Root.Kind == LocKind::FreeSink)
      return false;
    if (Root.Escapes || Root.Kind == LocKind::Result)
      return true;
    // Declared outside the loop that allocates L: holds several iterations'
    // worth of L at once.
    return Root.Fn == L.Fn && Root.LoopDepth < L.LoopDepth;
  }

  static Reason reasonFor(const Location &Root, const Location &L) {
    switch (Root.Kind) {
    case LocKind::Root:
    case LocKind::ParamPointee:
      return Root.RootReason;
    case LocKind::Result:
      return Root.Fn == L.Fn ? Reason::Return : Reason::Call;
    default:
      if (!Root.Escapes || Root.Why == Reason::Loop)
        return Reason::Loop;
      return Reason::Heap;
    }
  }

  static bool certainFor(const Location &Root, const Location &L) {
    switch (Root.Kind) {
    case LocKind::Root:
    case LocKind::ParamPointee:
      return Root.RootCertain;
    case LocKind::Result:
      return Root.Fn == L.Fn;
    default:
      return Root.Escapes && Root.EscapeCertain;
    }
  }

  void walkOne(Location &Root) {
    bool RootCertain = Root.Escapes && Root.EscapeCertain;
    walkBackward(G, {&Root}, [&](Location &L, int Derefs) {
      if (&L == &Root)
        return true;
      if (Root.Kind == LocKind::FreeSink && L.isParam()) {
        recordLeak(G, Root, L, Derefs < 0 ? 0 : Derefs);
        return true;
      }
      if (outlives(Root, L)) {
        if (Derefs < 0 && !L.isPseudo() && L.Kind != LocKind::Temp)
          escape(L, Root);
        if (L.isParam())
          recordLeak(G, Root, L, Derefs < 0 ? 0 : Derefs);
      }
      // Escaping locations are roots of their own walk; go through one
      // only to make its escape certain.
      if (L.Escapes && (L.EscapeCertain || !RootCertain))
        return false;
      return true;
    });
  }

  void escape(Location &L, Location &Root) {
    bool Certain = certainFor(Root, L);
    if (L.Escapes && (L.EscapeCertain || !Certain))
      return;
    bool Upgrade = L.Escapes;
    L.Escapes = true;
    L.EscapeCertain = Certain;
    if (!Upgrade || Certain)
      L.Why = reasonFor(Root, L);
    L.Path.clear();
    for (const Edge *E = L.Next; E; E = E->Dst->Next) {
      L.Path.push_back(E);
      if (E->Dst == &Root)
        break;
    }
    if (L.isParam())
      recordLeak(G, *G.root(Reason::Heap), L, 0);
    push(&L);
  }

  Graph &G;
  std::vector<Location *> Todo;
  llvm::DenseSet<Location *> Queued;
};

} // namespace

void solve(Graph &G) { Solver(G).run(); }

std::vector<Location *> holders(Graph &G, Location &Alloc) {
  std::vector<Location *> Out;
  FunctionInfo *F = G.info(Alloc.Fn);
  for (Location *V : F->Locals) {
    if (V->Kind != LocKind::Local)
      continue;
    bool Holds = false;
    walkBackward(G, {V}, [&](Location &L, int Derefs) {
      if (&L == &Alloc && Derefs < 0)
        Holds = true;
      return !Holds;
    });
    if (Holds)
      Out.push_back(V);
  }
  return Out;
}

} // namespace cescape::escape
