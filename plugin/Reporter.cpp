//===- Reporter.cpp - cescape diagnostics ---------------------------------===//
#include "Reporter.h"

#include <fnmatch.h>
#include <iterator>
#include <string>
#include <string_view>

using namespace clang;

namespace cescape {

namespace {
struct RuleRow {
  const char *Name;
  bool Warning;
  bool Layout;
};
} // namespace

static constexpr RuleRow RuleRows[] = {
#define CESCAPE_RULE(Id, Name, Severity, Gated, Kind, ...)                     \
  {Name, std::string_view(#Severity) == "warning",                             \
   std::string_view(#Kind) == "layout"},
#include "rules.def"
};

static const RuleRow &row(Rule R) { return RuleRows[static_cast<size_t>(R)]; }

const char *ruleName(Rule R) { return row(R).Name; }

bool isWarningRule(Rule R) { return row(R).Warning; }

bool isLayoutRule(Rule R) { return row(R).Layout; }

std::optional<Rule> ruleNamed(llvm::StringRef Name) {
  for (size_t I = 0; I < std::size(RuleRows); ++I)
    if (Name == RuleRows[I].Name)
      return static_cast<Rule>(I);
  return std::nullopt;
}

Reporter::Reporter(DiagnosticsEngine &Diags, const SourceManager &SM,
                   const Options &Opts)
    : Diags(Diags), SM(SM), Opts(Opts) {
  NoteID = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
}

bool Reporter::isReportable(SourceLocation Loc) const {
  return Loc.isValid() && !SM.isInSystemHeader(SM.getExpansionLoc(Loc));
}

bool Reporter::suppressed(Rule R, SourceLocation Loc) const {
  SourceLocation File = SM.getFileLoc(Loc);
  auto [Id, Offset] = SM.getDecomposedLoc(File);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(Id, &Invalid);
  if (Invalid)
    return false;
  // This line and the one above it.
  size_t LineStart = Buffer.rfind('\n', Offset ? Offset - 1 : 0);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  size_t Above = LineStart ? Buffer.rfind('\n', LineStart - 2) : 0;
  Above = Above == llvm::StringRef::npos || LineStart == 0 ? 0 : Above + 1;
  size_t LineEnd = Buffer.find('\n', Offset);
  llvm::StringRef Lines = Buffer.slice(Above, LineEnd);
  for (size_t At = Lines.find("cescape:ignore["); At != llvm::StringRef::npos;
       At = Lines.find("cescape:ignore[", At + 1)) {
    llvm::StringRef Names = Lines.substr(At + 15).split(']').first;
    llvm::SmallVector<llvm::StringRef, 4> Rules;
    Names.split(Rules, ',');
    for (llvm::StringRef Name : Rules)
      if (Name.trim() == ruleName(R) || Name.trim() == "all")
        return true;
  }
  return false;
}

bool Reporter::excluded(Rule R, SourceLocation Loc) const {
  if (llvm::is_contained(Opts.DisabledRules, ruleName(R)))
    return true;
  if (Opts.Excludes.empty())
    return false;
  llvm::StringRef Path = SM.getFilename(SM.getFileLoc(Loc));
  // The whole path, then each tail after a '/'.
  for (const std::string &Glob : Opts.Excludes)
    for (size_t From = 0;;) {
      if (fnmatch(Glob.c_str(), Path.substr(From).str().c_str(), 0) == 0)
        return true;
      size_t Slash = Path.find('/', From);
      if (Slash == llvm::StringRef::npos)
        break;
      From = Slash + 1;
    }
  return false;
}

bool Reporter::finding(Rule R, SourceRange Range, llvm::StringRef Message,
                       llvm::ArrayRef<FixItHint> FixIts,
                       const FindingFacts &Facts, bool Print,
                       std::shared_ptr<const RecordLayoutFacts> Record) {
  SourceLocation Loc = Range.getBegin();
  LastAccepted = false;
  if (!isReportable(Loc) || excluded(R, Loc))
    return false;
  // Findings are remarks, like -Rpass; a dangling stack address is a bug and
  // a warning. The build must not break because of cescape: -Werror leaves
  // it a warning (memcached builds with -Werror, and a pointer a callee
  // keeps only while the caller waits looks dangling); `werror` asks for
  // errors. Custom diagnostics honour -w only if we do it ourselves.
  DiagnosticsEngine::Level Level = DiagnosticsEngine::Remark;
  if (isWarningRule(R)) {
    Level = Opts.DanglingErrors ? DiagnosticsEngine::Error
                                : DiagnosticsEngine::Warning;
    if (Diags.getIgnoreAllWarnings())
      Print = false;
  }
  bool Suppressed = suppressed(R, Loc);
  // Suppressed findings are stored, never printed.
  Print = Print && !Suppressed;
  Recorded.push_back({R,
                      isWarningRule(R),
                      Print,
                      Suppressed,
                      Range,
                      Message.str(),
                      Facts,
                      {},
                      FixIts.vec(),
                      std::move(Record)});
  LastAccepted = true;
  if (!Print)
    return true;
  std::string Format = std::string("%0 [cescape:") + ruleName(R) + "]";
  unsigned ID = Diags.getDiagnosticIDs()->getCustomDiagID(
      static_cast<DiagnosticIDs::Level>(Level), Format);
  auto Builder = Diags.Report(Loc, ID);
  Builder << Message;
  if (!Opts.FixItRules || llvm::is_contained(*Opts.FixItRules, ruleName(R)))
    for (const FixItHint &Hint : FixIts)
      Builder << Hint;
  return true;
}

void Reporter::note(SourceRange Range, llvm::StringRef Message, bool Print) {
  if (!LastAccepted)
    return;
  RecordedFinding &F = Recorded.back();
  F.Steps.push_back({Range, Message.str()});
  if (F.Printed && Print)
    Diags.Report(Range.getBegin(), NoteID) << Message;
}

} // namespace cescape
