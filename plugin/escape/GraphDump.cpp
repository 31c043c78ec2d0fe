//===- GraphDump.cpp - the escape graph as Graphviz dot -------------------===//
#include "GraphDump.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace cescape::escape {

/// \p Text inside a dot string: quotes and backslashes escaped, newlines as
/// dot's centred line breaks.
static void writeQuoted(llvm::raw_ostream &OS, llvm::StringRef Text) {
  OS << '"';
  for (char C : Text) {
    if (C == '"' || C == '\\')
      OS << '\\' << C;
    else if (C == '\n')
      OS << "\\n";
    else
      OS << C;
  }
  OS << '"';
}

void dumpGraph(const Graph &G, llvm::StringRef Title,
               const clang::SourceManager &SM, llvm::raw_ostream &OS) {
  // Pseudo-locations nothing flows into or out of (most roots) are noise.
  llvm::DenseMap<const Location *, unsigned> Id;
  for (const Edge &E : G.Edges) {
    Id.try_emplace(E.Src, 0);
    Id.try_emplace(E.Dst, 0);
  }
  for (const AllocSite &A : G.Allocs)
    Id.try_emplace(A.Loc, 0);
  OS << "digraph ";
  writeQuoted(OS, ("escape graph of " + Title).str());
  OS << " {\n  node [shape=box, fontname=\"monospace\"];\n";
  unsigned Next = 0;
  for (const Location &L : G.Locations) {
    auto It = Id.find(&L);
    if (It == Id.end())
      continue;
    It->second = Next++;
    std::string Label = L.name();
    if (L.Escapes)
      Label += std::string("\nescapes (") + reasonWord(L.Why) + ")";
    OS << "  L" << It->second << " [label=";
    writeQuoted(OS, Label);
    if (L.Escapes && !L.isPseudo())
      OS << ", style=filled, fillcolor=\"#f4c7c3\"";
    OS << "];\n";
  }
  for (const Edge &E : G.Edges) {
    std::string Label = std::to_string(E.Derefs) + " " + E.Why;
    if (E.Where.isValid()) {
      clang::PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(E.Where));
      if (P.isValid())
        Label += " at " + std::to_string(P.getLine()) + ":" +
                 std::to_string(P.getColumn());
    }
    OS << "  L" << Id.lookup(E.Src) << " -> L" << Id.lookup(E.Dst)
       << " [label=";
    writeQuoted(OS, Label);
    OS << "];\n";
  }
  OS << "}\n";
}

void dumpGraphIfAsked(const Graph &G,
                      llvm::ArrayRef<const clang::FunctionDecl *> Batch,
                      const Options &Opts, const clang::SourceManager &SM) {
  if (Opts.DumpGraph.empty())
    return;
  const auto Asked = llvm::find_if(Batch, [&](const clang::FunctionDecl *FD) {
    return FD->getIdentifier() && FD->getName() == Opts.DumpGraph;
  });
  if (Asked != Batch.end())
    dumpGraph(G, Opts.DumpGraph, SM, llvm::errs());
}

} // namespace cescape::escape
