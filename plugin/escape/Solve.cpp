//===- Solve.cpp - solving the escape graph -------------------------------===//
#include "Solve.h"
#include "Leaks.h"
#include "utils/LoopCarried.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <cassert>
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

/// The memory \p Ptr's value may point to, uncached.
static PointsTo pointsToUncached(Graph &G, Location *Ptr) {
  // A value with a huge history (a pointer reassigned all over a large
  // function) is declared unknown rather than followed: sound, and it keeps
  // the analysis linear in the function's size.
  constexpr unsigned Budget = 512;
  // Loads through loads (`p = p->next`) reach the same location with more
  // dereferences each time; past this depth the value is unknown.
  constexpr int MaxDerefs = 4;
  bool GaveUp = false;
  PointsTo Out;
  auto Add = [&](Location *T) {
    if (llvm::find(Out.Targets, T) == Out.Targets.end())
      Out.Targets.push_back(T);
  };
  // Unlike the escape walk (walkBackward), which keeps the fewest
  // dereferences per location, every (location, dereferences) pair counts
  // here: `p = first; ... p = p->next` reaches p with 0 and with 1, and
  // the second is what first's block holds. A location reached by its
  // address is a target and the end of that path: what it contains is not
  // what Ptr holds.
  llvm::DenseSet<std::pair<Location *, int>> Seen;
  std::deque<std::pair<Location *, int>> Queue{{Ptr, 0}};
  Seen.insert({Ptr, 0});
  while (!Queue.empty() && !GaveUp) {
    auto [L, Derefs] = Queue.front();
    Queue.pop_front();
    bool Expand = true;
    switch (L->Kind) {
    case LocKind::Root:
      // &global is a known target; any other value read from a root is a
      // pointer into memory we cannot see.
      Add(Derefs < 0 && L->RootReason == Reason::Global ? L
                                                        : G.root(Reason::Heap));
      Expand = false;
      break;
    case LocKind::ParamPointee:
      Add(G.root(Reason::Param));
      Expand = false;
      break;
    case LocKind::Local:
    case LocKind::Alloc:
    case LocKind::FrameObject:
      if (Derefs < 0) {
        Add(L);
        Expand = false;
      } else if (L->isParam()) {
        assert(G.info(L->Fn) &&
               unsigned(L->ParamIndex) < G.info(L->Fn)->ParamPointees.size() &&
               "a parameter has its pointee in its function's batch");
        Add(Derefs == 0 ? G.info(L->Fn)->ParamPointees[L->ParamIndex]
                        : G.root(Reason::Param));
      } else if (L->Exposed) {
        Add(G.root(Reason::Heap));
      }
      break;
    default:
      Expand = Derefs >= 0;
      break;
    }
    if (!Expand)
      continue;
    int Base = Derefs < 0 ? 0 : Derefs;
    for (const Edge *E : L->In) {
      int D = Base + E->Derefs;
      if (D > MaxDerefs || Seen.size() > Budget) {
        GaveUp = true;
        break;
      }
      if (Seen.insert({E->Src, D}).second)
        Queue.push_back({E->Src, D});
    }
  }
  if (GaveUp) {
    Out.Targets.clear();
    Out.Targets.push_back(G.root(Reason::Heap));
    Out.GaveUp = true;
  }
  if (Out.Targets.empty()) // null, garbage or an integer: be safe
    Out.Targets.push_back(G.root(Reason::Heap));
  return Out;
}

PointsTo pointsTo(Graph &G, Location *Ptr, PointsToCache *Cache) {
  // `p->f = v`, `*p = v`: the pointer is a temporary copied from a variable,
  // which many stores share; its points-to set is computed once.
  if (Cache && Ptr->Kind == LocKind::Temp && Ptr->In.size() == 1 &&
      Ptr->In[0]->Derefs == 0 && Ptr->In[0]->Src->Kind == LocKind::Local)
    Ptr = Ptr->In[0]->Src;
  if (!Cache)
    return pointsToUncached(G, Ptr);
  auto It = Cache->find(Ptr);
  if (It != Cache->end())
    return It->second;
  return (*Cache)[Ptr] = pointsToUncached(G, Ptr);
}

/// Marks locations that others may write pointers into: those whose
/// address reaches a call argument or a root. A parameter whose value gets
/// there is one its callers must expect to be written through.
static void computeExposure(Graph &G) {
  std::vector<Location *> Seeds{G.mutator()};
  for (Location &L : G.Locations)
    if (L.Kind == LocKind::Root)
      Seeds.push_back(&L);
  walkBackward(G, Seeds, [&](Location &L, int Derefs) {
    if (Derefs < 0)
      L.Exposed = true;
    else if (L.isParam())
      L.ReachesWriter = true;
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
    PointsToCache Cache; // valid for one round: rounds add edges
    bool GaveUp = false;
    for (Store &S : G.Stores) {
      PointsTo P = pointsTo(G, S.Ptr, &Cache);
      GaveUp |= P.GaveUp;
      for (Location *T : P.Targets) {
        if (llvm::find(S.Targets, T) != S.Targets.end())
          continue;
        S.Targets.push_back(T);
        G.flow(Hole{T, 0, S.Where, "store"}, S.Val);
        Changed = true;
      }
    }
    // A store into unknown targets may have put its value into any object
    // whose address is taken: reading one may then yield anything.
    if (GaveUp)
      for (Edge &E : G.Edges)
        if (E.Derefs < 0 && !E.Src->Exposed) {
          E.Src->Exposed = true;
          Changed = true;
        }
  }
  // A round that changed nothing began with the exposure computed.
  if (!Changed)
    return;
  // Did not settle: every store may go anywhere.
  for (Store &S : G.Stores)
    G.flow(Hole{G.root(Reason::Heap), 0, S.Where, "store"}, S.Val);
  computeExposure(G);
}

void markEscape(Graph &G, Location &L, Reason Why) {
  if (L.Escapes)
    return;
  L.Escapes = true;
  L.Why = Why;
  G.PreEscaped.push_back(&L);
}

namespace {

/// Go's walkAll, arranged so that each location is walked over a handful
/// of times instead of once per escaping root: every root that outlives all
/// frames behaves the same, so they are walked together from one queue, and
/// a location that starts escaping during that walk simply continues it.
class Solver {
public:
  Solver(Graph &G, LoopCarried &Loops) : G(G), Loops(Loops) {}

  void run() {
    // Roots whose identity matters for summaries or for the reason, alone.
    for (FunctionInfo &F : G.Functions)
      walkFrom({F.Result});
    walkFrom({G.root(Reason::Thread)});
    for (FunctionInfo &F : G.Functions)
      walkFrom({F.Frees});
    for (FunctionInfo &F : G.Functions)
      for (Location *P : F.ParamPointees)
        pointeeLeaks(F, *P);
    // Then each kind of root in turn, so that the reason an allocation is
    // given is the first in this order: stack addresses stored in globals
    // or through parameters (certain dangling pointers), then the rest.
    walkFrom({G.root(Reason::Global)});
    std::vector<Location *> Params{G.root(Reason::Param)};
    for (FunctionInfo &F : G.Functions)
      Params.insert(Params.end(), F.ParamPointees.begin(),
                    F.ParamPointees.end());
    walkFrom(Params);
    if (!G.PreEscaped.empty()) // markEscape(): setjmp and the like
      walkFrom(G.PreEscaped);
    for (Reason R : {Reason::Realloc, Reason::Asm, Reason::Integer})
      walkFrom({G.root(R)});
    walkFrom({G.kept(), G.root(Reason::Call)});
    for (Reason R : {Reason::Extern, Reason::Indirect, Reason::Heap})
      walkFrom({G.root(R)});
    // Variables declared outside a loop holding what the loop allocates.
    llvm::DenseMap<const clang::FunctionDecl *, std::vector<const LoopSet *>>
        SiteLoops;
    for (const AllocSite &A : G.Allocs)
      if (!A.Loc->Loops.empty())
        SiteLoops[A.Loc->Fn].push_back(&A.Loc->Loops);
    std::vector<Location *> LoopRoots;
    for (Location &L : G.Locations) {
      if ((L.Kind != LocKind::Local && L.Kind != LocKind::Alloc &&
           L.Kind != LocKind::FrameObject) ||
          L.Escapes)
        continue;
      auto It = SiteLoops.find(L.Fn);
      if (It != SiteLoops.end() &&
          llvm::any_of(It->second, [&](const LoopSet *Site) {
            return !inLoopsOf(*Site, L.Loops);
          }))
        LoopRoots.push_back(&L);
    }
    std::vector<Location *> NewlyEscaped;
    for (Location *R : LoopRoots)
      if (!R->Escapes)
        walkFrom({R}, &NewlyEscaped);
    if (!NewlyEscaped.empty())
      walkFrom(NewlyEscaped);
  }

private:
  bool outlives(const Location &Root, const Location &L) {
    if (Root.Kind == LocKind::Mutator || Root.Kind == LocKind::FreeSink)
      return false;
    if (Root.Escapes)
      return true;
    // A result outlives its own function's frame only: what another
    // function of the batch returns lands in its caller's frame, and from
    // there reaches a root of its own if it goes further.
    if (Root.Kind == LocKind::Result)
      return Root.Fn == L.Fn;
    // Declared outside a loop that allocates L: holds several iterations'
    // worth of L at once, unless each iteration overwrites it before reading.
    if (Root.Fn != L.Fn)
      return false;
    for (unsigned Loop : L.Loops)
      if (!llvm::is_contained(Root.Loops, Loop) &&
          (Root.Kind != LocKind::Local ||
           Loops.carries(Root.Fn, G.LoopStmts[Loop], Root.Var)))
        return true;
    return false;
  }

  static Reason reasonFor(const Location &Root, const Location &L) {
    switch (Root.Kind) {
    case LocKind::Root:
    case LocKind::ParamPointee:
      return Root.RootReason;
    case LocKind::Result:
      return Reason::Return;
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
      return true;
    default:
      return Root.Escapes && Root.EscapeCertain;
    }
  }

  /// One backward walk from \p Roots together. Locations that start to
  /// escape are expanded in the same walk; with \p Escaped, they are only
  /// collected (a loop root's walk is not theirs).
  void walkFrom(llvm::ArrayRef<Location *> Roots,
                std::vector<Location *> *Escaped = nullptr) {
    llvm::SmallPtrSet<const Location *, 32> Expand(Roots.begin(), Roots.end());
    walkBackward(G, Roots, [&](Location &L, int Derefs) {
      // The root L is reached from: the nearest location on its predecessor
      // chain that is a root of the walk or started escaping in it (Go walks
      // that one as a root of its own).
      const Location *Pred = L.Next ? L.Next->Dst : nullptr;
      L.WalkRoot = !Pred ? &L : Expand.contains(Pred) ? Pred : Pred->WalkRoot;
      if (!Pred)
        return true; // a root
      // Most locations are neither reached by address, nor parameters, nor
      // escaping: nothing to decide, just go on.
      if (Derefs >= 0 && !L.isParam() && !L.Escapes)
        return true;
      const Location &Root = *L.WalkRoot;
      if (Root.Kind == LocKind::FreeSink) {
        if (L.isParam())
          recordLeak(G, Root, L, Derefs < 0 ? 0 : Derefs);
        return true;
      }
      bool RootCertain = certainFor(Root, L) && outlives(Root, L);
      if (outlives(Root, L)) {
        if (Derefs < 0 && !L.isPseudo() && L.Kind != LocKind::Temp &&
            escape(L, Root)) {
          if (Escaped && !Root.Escapes)
            Escaped->push_back(&L);
          else
            Expand.insert(&L);
        }
        // Leaks to a parameter's pointee come from pointeeLeaks().
        if (L.isParam() && Root.Kind != LocKind::ParamPointee)
          recordLeak(G, Root, L, Derefs < 0 ? 0 : Derefs);
      }
      if (Expand.contains(&L))
        return true;
      // A pseudo-root stands for memory we cannot see: what was stored there
      // is not what this root holds.
      if (L.isPseudo() || L.Kind == LocKind::ParamPointee)
        return false;
      // Escaping locations are walked as roots of their own; go through one
      // only to make its escape certain.
      return !(L.Escapes && (L.EscapeCertain || !RootCertain));
    });
  }

  /// Which parameters of \p F reach the memory \p Pointee stands for, and
  /// after how many dereferences. A huge function gets the conservative
  /// answer instead (every parameter may be stored there as it is), which
  /// keeps the cost linear.
  void pointeeLeaks(FunctionInfo &F, Location &Pointee) {
    if (Pointee.In.empty())
      return;
    constexpr unsigned Budget = 4096;
    unsigned Visited = 0;
    walkBackward(G, {&Pointee}, [&](Location &L, int Derefs) {
      if (++Visited > Budget)
        return false;
      if (L.isParam())
        recordLeak(G, Pointee, L, Derefs < 0 ? 0 : Derefs);
      return !(L.Escapes && &L != &Pointee);
    });
    if (Visited > Budget)
      for (Location *P : F.Params)
        recordLeak(G, Pointee, *P, 0);
  }

  /// Marks \p L escaping because it reaches \p Root; false when nothing
  /// changed.
  bool escape(Location &L, const Location &Root) {
    bool Certain = certainFor(Root, L);
    if (L.Escapes && (L.EscapeCertain || !Certain))
      return false;
    bool Upgrade = L.Escapes;
    L.Escapes = true;
    L.EscapeCertain = Certain;
    if (!Upgrade || Certain)
      L.Why = reasonFor(Root, L);
    // The predecessor edges can form a cycle once the walk has clamped an
    // address-of (Go: "truncated explanation due to assignment cycle").
    L.Path.clear();
    llvm::SmallPtrSet<const Location *, 16> Seen{&L};
    for (const Edge *E = L.Next; E && Seen.insert(E->Dst).second;
         E = E->Dst->Next) {
      L.Path.push_back(E);
      if (E->Dst == &Root)
        break;
    }
    if (L.isParam())
      recordLeak(G, *G.root(Reason::Heap), L, 0);
    return true;
  }

  Graph &G;
  LoopCarried &Loops;
};

} // namespace

void solve(Graph &G, LoopCarried &Loops) { Solver(G, Loops).run(); }

const std::vector<Location *> &Holders::of(const Location &Alloc) {
  if (Walked.insert(Alloc.Fn).second) {
    FunctionInfo *F = G.info(Alloc.Fn);
    assert(F && "an allocation site belongs to a function of its batch");
    for (Location *V : F->Locals) {
      if (V->Kind != LocKind::Local)
        continue;
      walkBackward(G, {V}, [&](Location &L, int Derefs) {
        if (L.Kind == LocKind::Alloc && Derefs < 0) {
          std::vector<Location *> &Of = ByAlloc[&L];
          if (Of.empty() || Of.back() != V)
            Of.push_back(V);
        }
        return true;
      });
    }
  }
  auto It = ByAlloc.find(&Alloc);
  return It == ByAlloc.end() ? None : It->second;
}

} // namespace cescape::escape
