//===- SummaryStore.h - function summaries in and out of a unit -*- C++ -*-===//
//
// Summaries cross units through the database: a unit reads those of the
// functions it calls without their body and offers those of the functions
// it defines. The action owns the store and writes it out with the
// findings; analyses only ask and offer, and do no I/O themselves.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_SUMMARYSTORE_H
#define CESCAPE_SUMMARYSTORE_H

#include "Options.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <utility>
#include <vector>

namespace cescape {

class SummaryStore {
public:
  explicit SummaryStore(const Options &Opts) : Opts(Opts) {}

  /// Whether summaries go anywhere (a database, or the object's section).
  bool enabled() const { return !Opts.Database.empty() || Opts.Section; }

  /// The stored summaries of the functions \p Names, by name; none when
  /// there is no database or it cannot be read (the writer reports that).
  llvm::StringMap<std::string> fetch(llvm::ArrayRef<std::string> Names) const;

  /// Records that this unit's verdicts were computed with summary \p Text
  /// of \p Name ('' when none was known): `cescape resolve` reruns the unit
  /// when that summary changes.
  void use(std::string Name, std::string Text) {
    Used.emplace_back(std::move(Name), std::move(Text));
  }
  /// Offers the summary of a function this unit defines to other units.
  void offer(std::string Name, std::string Text) {
    Offered.emplace_back(std::move(Name), std::move(Text));
  }

  /// Records that \p Caller, a function this unit defines, calls \p Callee,
  /// a function of another unit, directly or through this unit's functions:
  /// `cescape resolve` finds the cycles of these calls across units.
  void call(std::string Caller, std::string Callee) {
    Calls.emplace_back(std::move(Caller), std::move(Callee));
  }
  /// The cycles of calls across units the functions \p Names are on, by
  /// name (the cycle's name); none for a function on none, or when there
  /// is no database or it cannot be read.
  llvm::StringMap<std::string>
  fetchCycles(llvm::ArrayRef<std::string> Names) const;
  /// Records that this unit's verdicts were computed with \p Name on cycle
  /// \p Cycle ('' for none): `cescape resolve` reruns the unit when that
  /// changes.
  void useCycle(std::string Name, std::string Cycle) {
    CycleUses.emplace_back(std::move(Name), std::move(Cycle));
  }

  using NamedSummaries = std::vector<std::pair<std::string, std::string>>;
  const NamedSummaries &used() const { return Used; }
  const NamedSummaries &offered() const { return Offered; }
  const NamedSummaries &calls() const { return Calls; }
  const NamedSummaries &cycleUses() const { return CycleUses; }

private:
  /// The text column of query \p Sql (one parameter, a name) for each of
  /// \p Names that has a row.
  llvm::StringMap<std::string> lookup(const char *Sql,
                                      llvm::ArrayRef<std::string> Names) const;

  const Options &Opts;
  NamedSummaries Used, Offered, Calls, CycleUses;
};

} // namespace cescape

#endif
