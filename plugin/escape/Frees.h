//===- Frees.h - which allocation each free() releases ----------*- C++ -*-===//
//
// A phase between building and solving. free(p) lets an allocation live on
// the stack only when p can hold that allocation alone, in the allocating
// function: then the call is the block's own free (removed by the fix-it).
// Otherwise what p points to is freed together with other memory, which
// the graph records as an escape before it is solved.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_FREES_H
#define CESCAPE_ESCAPE_FREES_H

#include "Graph.h"

namespace clang {
class ASTContext;
}

namespace cescape::escape {

/// Files each free site under the one allocation it releases, or connects
/// its argument to the Call root.
void attributeFrees(Graph &G, clang::ASTContext &Ctx);

} // namespace cescape::escape

#endif
