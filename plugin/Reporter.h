//===- Reporter.h - cescape diagnostics -------------------------*- C++ -*-===//
//
// Every finding goes through here: one custom diagnostic ID per rule and
// level, the ` [cescape:<rule>]` suffix, system-header filtering, and the
// -Werror / -w handling that Clang 19 does not do for custom diagnostics.
// It also keeps each finding for the database.
//
//===----------------------------------------------------------------------===//
#ifndef CESCAPE_REPORTER_H
#define CESCAPE_REPORTER_H

#include "Options.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cescape {

/// The rules of db/rules.def; their names appear in `[cescape:<rule>]`.
enum class Rule {
#define CESCAPE_RULE(Id, ...) Id,
#include "rules.def"
};

const char *ruleName(Rule R);

/// Whether \p R is printed as a warning (otherwise a remark).
bool isWarningRule(Rule R);

/// The rule called \p Name, if there is one.
std::optional<Rule> ruleNamed(llvm::StringRef Name);

/// Whether findings of \p R are about a struct's layout, identified by the
/// struct and its fields wherever the struct is seen (a header's struct is
/// one finding however many units include it).
bool isLayoutRule(Rule R);

/// A field of a struct's layout as the database stores it.
struct LayoutFieldFacts {
  std::string Name;
  std::string Type;
  int64_t Offset;                        ///< bytes
  int64_t Size;                          ///< bytes
  int64_t BitOffset = -1, BitWidth = -1; ///< bit-fields only
  std::string Contention;                ///< empty when not contended
};

/// The layout of the struct a layout finding is about.
struct RecordLayoutFacts {
  std::string Name;
  clang::SourceLocation Loc;
  int64_t Size, Align, CacheLine; ///< bytes
  std::vector<LayoutFieldFacts> Fields;
};

/// What the database keeps of a finding besides its diagnostic; Subject and
/// Function identify it across edits (its fingerprint).
struct FindingFacts {
  std::string Function; ///< the enclosing function
  std::string Subject;  ///< the allocation's text, or the local's name
  std::string Reason;   ///< the escape reason word, if any
  int64_t Size = -1;    ///< bytes, when known
};

struct RecordedFinding {
  Rule R;
  bool Warning;
  bool Printed;
  bool Suppressed; ///< by a `// cescape:ignore[rule] reason` comment
  /// Where it points: the expression or name it is about (the diagnostic's
  /// location is its start; SARIF's region is all of it).
  clang::SourceRange Range;
  std::string Message;
  FindingFacts Facts;
  std::vector<std::pair<clang::SourceRange, std::string>> Steps;
  std::vector<clang::FixItHint> FixIts;
  /// Layout findings: the struct, shared by its findings in one unit.
  std::shared_ptr<const RecordLayoutFacts> Record;
};

class Reporter {
public:
  /// Dangling findings are errors with the `werror` option, otherwise
  /// warnings even under -Werror; `fixits=` picks the rules whose fix-its
  /// are emitted (all are recorded).
  Reporter(clang::DiagnosticsEngine &Diags, const clang::SourceManager &SM,
           const Options &Opts);

  /// False for invalid locations and locations in system headers.
  bool isReportable(clang::SourceLocation Loc) const;

  /// Records a finding about \p Range (a location is the range of its
  /// token) and, with \p Print, emits it at the range's start. Returns false
  /// when it was filtered out, in which case its notes are dropped too.
  bool finding(Rule R, clang::SourceRange Range, llvm::StringRef Message,
               llvm::ArrayRef<clang::FixItHint> FixIts,
               const FindingFacts &Facts, bool Print = true,
               std::shared_ptr<const RecordLayoutFacts> Record = nullptr);
  /// A note (a flow step) about \p Range of the finding recorded just
  /// before, printed with it (at the range's start) when \p Print.
  void note(clang::SourceRange Range, llvm::StringRef Message,
            bool Print = true);

  const std::vector<RecordedFinding> &recorded() const { return Recorded; }

private:
  /// Whether a `cescape:ignore[rule,...]` comment on the line of \p Loc or
  /// the line above names \p R (or `all`).
  bool suppressed(Rule R, clang::SourceLocation Loc) const;
  /// Whether rule \p R is switched off (disable=) or \p Loc is in a file
  /// an exclude= glob matches: such findings are neither printed nor
  /// recorded.
  bool excluded(Rule R, clang::SourceLocation Loc) const;

  clang::DiagnosticsEngine &Diags;
  const clang::SourceManager &SM;
  unsigned NoteID;
  const Options &Opts;
  std::vector<RecordedFinding> Recorded;
  bool LastAccepted = false;
};

} // namespace cescape

#endif
