//===- Export.h - summaries shared between translation units ----*- C++ -*-===//
//
// Go's export data for C: what an externally visible function does with its
// parameters (its Leaks summary) and whether it is an allocator or
// deallocator wrapper, as compact JSON stored in the database's `functions`
// table. A unit calling the function without seeing its body reads it back.
//
//   {"params":[[heap,result,thread,frees,kept,mutates,[pointee...]],...],
//    "result_unknown":true,
//    "allocator":{"kind":"malloc","size_params":[0],"scale":1,
//                 "only_allocates":true,"inner":"malloc"},
//    "frees":0}
//
// Leak levels are dereference counts, -1 for none; "scale" is null when the
// size is unknown; "allocator" and "frees" appear only for wrappers.
//
// A name several units define (two programs in one tree, one file compiled
// twice) reads back as a JSON array of its distinct summaries (the view
// current_summaries): a call may link to any of them, so the importer
// joins them (join in Leaks.h), and keeps a wrapper only when all agree.
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

/// Reads back what exportFunction wrote, or the join of an array of such
/// texts; none for anything else, and for definitions whose parameter
/// counts differ.
std::optional<ExportedFunction> importFunction(llvm::StringRef Text);

} // namespace cescape::escape

#endif
