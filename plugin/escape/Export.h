//===- Export.h - summaries shared between translation units ----*- C++ -*-===//
//
// Go's export data for C: what an externally visible function does with its
// parameters (its Leaks summary) and whether it is an allocator or
// deallocator wrapper, as compact JSON stored in the database's `functions`
// table. A unit calling the function without seeing its body reads it back.
//
//   {"params":[[heap,result,thread,frees,mutates,[pointee...]],...],
//    "result_unknown":true,
//    "allocator":{"kind":"malloc","size_params":[0],"scale":1,
//                 "only_allocates":true,"inner":"malloc"},
//    "frees":0}
//
// Leak levels are dereference counts, -1 for none; "scale" is null when the
// size is unknown; "allocator" and "frees" appear only for wrappers.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_ESCAPE_EXPORT_H
#define CESCAPE_ESCAPE_EXPORT_H

#include "Leaks.h"
#include "Wrappers.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace cescape::escape {

struct ExportedFunction {
  FunctionSummary Summary;
  std::optional<AllocatorWrapper> Allocator;
  std::optional<unsigned> FreedParam;
};

/// The JSON text of \p F; equal facts give equal text.
std::string exportFunction(const ExportedFunction &F);

/// Reads back what exportFunction wrote; none for anything else.
std::optional<ExportedFunction> importFunction(llvm::StringRef Text);

} // namespace cescape::escape

#endif
