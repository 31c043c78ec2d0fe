//===- CallGraph.h - the unit's functions and who calls whom ----*- C++ -*-===//
//
// One call graph per translation unit, built once by the action and read by
// every analysis: escape analysis walks its strongly connected components
// callees first (Go's VisitFuncsBottomUp), false sharing follows its calls
// from thread entry points and carries locks into helpers.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_UTILS_CALLGRAPH_H
#define CESCAPE_UTILS_CALLGRAPH_H

#include "AST.h"

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/GraphTraits.h"

#include <deque>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class DeclRefExpr;
class FunctionDecl;
} // namespace clang

namespace cescape {

/// A call whose callee is known: its definition when the unit has one,
/// otherwise its first declaration.
struct CallSite {
  const clang::CallExpr *Call;
  const clang::FunctionDecl *Callee;
};

struct CallGraphNode {
  const clang::FunctionDecl *Fn = nullptr; ///< null for the entry node
  /// Functions with a body it calls or uses as a value (a callback it
  /// passes on may be called from here).
  std::vector<CallGraphNode *> Callees;
  std::vector<CallSite> Sites; ///< its calls with a known callee, in order
  bool CallsUnknown = false;   ///< calls through an unresolved pointer
};

class CallGraph {
public:
  CallGraph(clang::ASTContext &Ctx, ReassignedVars &Reassigned);
  CallGraph(const CallGraph &) = delete;
  CallGraph &operator=(const CallGraph &) = delete;

  /// The node of a function defined in the unit, or null.
  const CallGraphNode *node(const clang::FunctionDecl *Fn) const {
    return ByDecl.lookup(Fn);
  }
  const std::deque<CallGraphNode> &nodes() const { return Nodes; }
  /// Whether \p Fn is used as a value (callbacks, tables of function
  /// pointers): an unresolved call anywhere may reach it.
  bool isAddressTaken(const clang::FunctionDecl *Fn) const {
    return AddressTaken.contains(Fn);
  }

  CallGraphNode Entry; ///< reaches every function

private:
  void addCalls(CallGraphNode &N, ReassignedVars &Reassigned);
  void noteAddressTaken(const clang::DeclRefExpr *Ref,
                        const llvm::DenseSet<const clang::Expr *> &Called);

  std::deque<CallGraphNode> Nodes;
  llvm::DenseMap<const clang::FunctionDecl *, CallGraphNode *> ByDecl;
  llvm::DenseSet<const clang::FunctionDecl *> AddressTaken;
};

} // namespace cescape

namespace llvm {
/// Lets llvm::scc_iterator walk the call graph: components come callees
/// first, which is the order summaries need.
template <> struct GraphTraits<const cescape::CallGraph *> {
  using NodeRef = cescape::CallGraphNode *;
  using ChildIteratorType = std::vector<NodeRef>::iterator;
  static NodeRef getEntryNode(const cescape::CallGraph *G) {
    return const_cast<cescape::CallGraphNode *>(&G->Entry);
  }
  static ChildIteratorType child_begin(NodeRef N) { return N->Callees.begin(); }
  static ChildIteratorType child_end(NodeRef N) { return N->Callees.end(); }
};
} // namespace llvm

#endif
