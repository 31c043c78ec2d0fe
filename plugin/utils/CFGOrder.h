//===- CFGOrder.h - the blocks of a CFG in reverse post-order ---*- C++ -*-===//
//
// Clang keeps an edge it has pruned (`do ... while (0)`, `if (1)`,
// `for (;;)`) as a null successor, which llvm::ReversePostOrderTraversal
// and llvm::scc_iterator follow into a crash. Dataflow passes take their
// order, and which blocks lie on a cycle, from here.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_UTILS_CFGORDER_H
#define CESCAPE_UTILS_CFGORDER_H

#include "clang/Analysis/CFG.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace cescape {

/// The blocks reachable from \p G's entry, each before its successors
/// except along back edges.
inline std::vector<const clang::CFGBlock *>
reversePostOrder(const clang::CFG &G) {
  std::vector<const clang::CFGBlock *> Order;
  std::vector<bool> Seen(G.getNumBlockIDs());
  using Frame =
      std::pair<const clang::CFGBlock *, clang::CFGBlock::const_succ_iterator>;
  std::vector<Frame> Stack{{&G.getEntry(), G.getEntry().succ_begin()}};
  Seen[G.getEntry().getBlockID()] = true;
  while (!Stack.empty()) {
    auto &[Block, Next] = Stack.back();
    if (Next == Block->succ_end()) {
      Order.push_back(Block);
      Stack.pop_back();
      continue;
    }
    const clang::CFGBlock *Succ = *Next++;
    if (Succ && !Seen[Succ->getBlockID()]) {
      Seen[Succ->getBlockID()] = true;
      Stack.push_back({Succ, Succ->succ_begin()});
    }
  }
  std::reverse(Order.begin(), Order.end());
  return Order;
}

/// Which blocks of \p G (by ID) lie on a cycle reachable from its entry:
/// the blocks one call may run more than once (Tarjan's strongly connected
/// components, iteratively: a function may have thousands of blocks).
inline std::vector<bool> cyclicBlocks(const clang::CFG &G) {
  unsigned N = G.getNumBlockIDs();
  std::vector<unsigned> Index(N), Low(N); // Index 0: not visited yet
  std::vector<bool> OnStack(N), Cyclic(N);
  std::vector<const clang::CFGBlock *> Stack;
  using Frame =
      std::pair<const clang::CFGBlock *, clang::CFGBlock::const_succ_iterator>;
  std::vector<Frame> Work;
  unsigned Next = 1;
  auto Enter = [&](const clang::CFGBlock *B) {
    unsigned Id = B->getBlockID();
    Index[Id] = Low[Id] = Next++;
    Stack.push_back(B);
    OnStack[Id] = true;
    Work.push_back({B, B->succ_begin()});
  };
  Enter(&G.getEntry());
  while (!Work.empty()) {
    const clang::CFGBlock *B = Work.back().first;
    unsigned Id = B->getBlockID();
    if (Work.back().second != B->succ_end()) {
      const clang::CFGBlock *Succ = *Work.back().second++;
      if (!Succ)
        continue;
      unsigned S = Succ->getBlockID();
      if (S == Id)
        Cyclic[Id] = true;
      if (!Index[S])
        Enter(Succ);
      else if (OnStack[S])
        Low[Id] = std::min(Low[Id], Index[S]);
      continue;
    }
    Work.pop_back();
    if (!Work.empty()) {
      unsigned Parent = Work.back().first->getBlockID();
      Low[Parent] = std::min(Low[Parent], Low[Id]);
    }
    if (Low[Id] != Index[Id])
      continue;
    bool Many = Stack.back() != B;
    const clang::CFGBlock *Top;
    do {
      Top = Stack.back();
      Stack.pop_back();
      OnStack[Top->getBlockID()] = false;
      if (Many)
        Cyclic[Top->getBlockID()] = true;
    } while (Top != B);
  }
  return Cyclic;
}

} // namespace cescape

#endif
