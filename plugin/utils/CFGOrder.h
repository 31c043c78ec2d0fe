//===- CFGOrder.h - the blocks of a CFG in reverse post-order ---*- C++ -*-===//
//
// Clang keeps an edge it has pruned (`do ... while (0)`, `if (1)`,
// `for (;;)`) as a null successor, which llvm::ReversePostOrderTraversal
// follows into a crash. Dataflow passes take their order from here.
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

} // namespace cescape

#endif
