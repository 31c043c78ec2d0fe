//===- GraphDump.h - the escape graph as Graphviz dot -----------*- C++ -*-===//
//
// For maintainers, like Go's -m=2 dumps and LLVM's -view-cfg: with
// -fplugin-arg-cescape-dump-graph=FUNC, the graph of the batch that holds
// FUNC is printed after solving, one node per location, named as in -m=2's
// flow steps (escaping ones filled, with their reason) and one arrow per flow,
// from the value's source to its destination, labelled with its dereference
// count (-1: the address), why it flows and where.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_GRAPHDUMP_H
#define CESCAPE_ESCAPE_GRAPHDUMP_H

#include "Graph.h"
#include "Options.h"

#include "llvm/ADT/ArrayRef.h"

namespace clang {
class SourceManager;
}
namespace llvm {
class raw_ostream;
}

namespace cescape::escape {

/// Writes \p G as a dot digraph named after \p Title.
void dumpGraph(const Graph &G, llvm::StringRef Title,
               const clang::SourceManager &SM, llvm::raw_ostream &OS);

/// Writes the graph of \p Batch to stderr when Opts.DumpGraph names one of
/// its functions.
void dumpGraphIfAsked(const Graph &G,
                      llvm::ArrayRef<const clang::FunctionDecl *> Batch,
                      const Options &Opts, const clang::SourceManager &SM);

} // namespace cescape::escape

#endif
