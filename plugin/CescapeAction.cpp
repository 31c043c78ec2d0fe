//===- CescapeAction.cpp - the cescape Clang plugin -----------------------===//
//
// The plugin's entry point: parses -fplugin-arg-cescape-<arg>, and after the
// translation unit is parsed runs every check listed in Checks.inc. It runs
// before the main action, so `-fplugin=cescape.so` alone is enough and the
// object file is still produced.
//
//===----------------------------------------------------------------------===//
#include "Check.h"
#include "ClangCompat.h"
#include "Database.h"
#include "Options.h"
#include "Reporter.h"
#include "escape/EscapeCheck.h"
#include "falsesharing/FalseSharingCheck.h"
#include "payload.h"
#include "utils/AST.h"
#include "utils/StmtWalk.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <dlfcn.h>
#include <memory>
#include <stdio.h>
#include <stdlib.h>
#include <vector>

using namespace clang;

namespace cescape {
namespace {

/// Hands \p Payload to code generation as file-scope asm that puts it in
/// the non-allocated section collect reads: the plugin's consumer runs
/// before code generation's (AddBeforeMainAction), which emits the asm
/// into the object like any `__asm__("...")` at file scope. A .debug
/// section costs nothing at run time, links into programs and libraries,
/// and strip removes it. The bytes go as base64, NUL-terminated: the
/// assembler reads a string of escaped bytes a few times slower than a
/// plain one.
void emitSection(CompilerInstance &CI, ASTContext &Ctx,
                 llvm::StringRef Payload) {
  std::string Asm = ".pushsection " CESCAPE_PAYLOAD_SECTION
                    ",\"\",%progbits\n.asciz \"" +
                    llvm::encodeBase64(Payload) + "\"\n.popsection\n";
  QualType Ty =
      Ctx.getConstantArrayType(Ctx.CharTy, llvm::APInt(32, Asm.size() + 1),
                               nullptr, ArraySizeModifier::Normal, 0);
  auto *Decl = FileScopeAsmDecl::Create(Ctx, Ctx.getTranslationUnitDecl(),
                                        stringLiteral(Ctx, Asm, Ty),
                                        SourceLocation(), SourceLocation());
  CI.getASTConsumer().HandleTopLevelDecl(DeclGroupRef(Decl));
}

class CescapeConsumer : public ASTConsumer {
public:
  CescapeConsumer(CompilerInstance &CI, Options Opts, CompileCommand Command)
      : CI(CI), Opts(std::move(Opts)), Command(std::move(Command)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    DiagnosticsEngine &Diags = Ctx.getDiagnostics();
    // An invalid translation unit gives an incomplete AST: say nothing.
    if (Diags.hasErrorOccurred())
      return;
    Reporter Report(Diags, Ctx.getSourceManager(), Opts);
    SummaryStore Summaries(Opts);
    ReassignedVars Reassigned;
    CallGraph Calls(Ctx, Reassigned);
    CheckContext Unit{Opts, Report, Summaries, Reassigned, Calls};
    std::vector<std::unique_ptr<Check>> Checks;
#define CESCAPE_CHECK(Class, Name)                                             \
  Checks.push_back(std::make_unique<Class>(Unit));
#include "Checks.inc"
#undef CESCAPE_CHECK
    for (auto &C : Checks)
      C->run(Ctx);
    clearBodyWalks();
    clearAliasedVariables();
    if (!Summaries.enabled())
      return;
    EncodedUnit Encoded =
        encodeUnit(Opts, Ctx.getSourceManager(), Ctx.getLangOpts(), Report,
                   Summaries, Command);
    if (Encoded.Payload.empty())
      return;
    if (Opts.Section)
      emitSection(CI, Ctx, Encoded.Payload);
    if (Opts.Database.empty())
      return;
    std::string Error = writeUnit(Opts, Encoded);
    // One warning, never an error: the build must not break because of
    // cescape (custom diagnostics are not promoted by -Werror).
    if (!Error.empty())
      Diags.Report(
          Diags.getCustomDiagID(DiagnosticsEngine::Warning, "cescape: %0"))
          << Error;
  }

private:
  CompilerInstance &CI;
  const Options Opts; // a copy: the action dies before parsing starts
  const CompileCommand Command;
};

/// This compilation as `clang -cc1` arguments, to run it again.
CompileCommand compileCommand(CompilerInstance &CI) {
  CompileCommand Cmd;
  Cmd.Compiler = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
  llvm::SmallString<256> Dir;
  llvm::sys::fs::current_path(Dir);
  Cmd.Directory = std::string(Dir);
  Cmd.Args = cc1CommandLine(CI.getInvocation());
  return Cmd;
}

/// Whether this compile generates code for an ELF target, where the
/// section goes (-fsyntax-only, -E and the like write no object).
bool writesElfCode(const CompilerInstance &CI) {
  switch (CI.getFrontendOpts().ProgramAction) {
  case frontend::EmitObj:
  case frontend::EmitAssembly:
  case frontend::EmitBC:
  case frontend::EmitLLVM:
    return CI.hasTarget() && CI.getTarget().getTriple().isOSBinFormatELF();
  default:
    return false;
  }
}

class CescapeAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    if (Probe) // analysed by nobody: configure reads its output
      return std::make_unique<ASTConsumer>();
    Options UnitOpts = Opts;
    UnitOpts.Section = Opts.Section && writesElfCode(CI);
    CompileCommand Cmd;
    if (!UnitOpts.Database.empty() || UnitOpts.Section)
      Cmd = compileCommand(CI);
    return std::make_unique<CescapeConsumer>(CI, std::move(UnitOpts),
                                             std::move(Cmd));
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    std::vector<std::string> Rest;
    for (const std::string &Arg : Args) {
      if (Arg == "help")
        llvm::errs() << optionsHelp();
      else
        Rest.push_back(Arg);
    }
    // The project's .cescape first, so that arguments override it.
    std::string Error;
    Options FromArgs;
    if (!parseOptions(Rest, FromArgs, Error))
      return fail(CI, Error + " (see -fplugin-arg-cescape-help)");
    std::string Config = FromArgs.ConfigFile;
    const auto &Inputs = CI.getFrontendOpts().Inputs;
    std::string MainFile; // "-" (stdin) is searched from this directory
    if (!Inputs.empty() && Inputs[0].isFile())
      MainFile = Inputs[0].getFile().str();
    Probe = isConfigureProbe(MainFile);
    if (Config.empty() && !MainFile.empty())
      Config = findConfigFile(MainFile);
    if (!Config.empty() && Config != "none" &&
        !readConfigFile(Config, Opts, Error))
      return fail(CI, Error);
    parseOptions(Rest, Opts, Error); // as above, where it succeeded
    // A warning, never an error: the same flags work in a git checkout.
    if (!resolvePaths(Opts, MainFile, Error)) {
      DiagnosticsEngine &Diags = CI.getDiagnostics();
      Diags.Report(
          Diags.getCustomDiagID(DiagnosticsEngine::Warning, "cescape: %0"))
          << Error;
    }
    return true;
  }

  static bool fail(const CompilerInstance &CI, const std::string &Error) {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    Diags.Report(Diags.getCustomDiagID(DiagnosticsEngine::Error, "cescape: %0"))
        << Error;
    return false;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  Options Opts;
  bool Probe = false; ///< a configure test program (isConfigureProbe)
};

} // namespace
} // namespace cescape

/// A plugin runs only in the Clang major it was built for: another major's
/// C++ ABI (class layouts, vtables) differs, and running there would crash.
/// The dynamic linker says whether this process has the libclang-cpp the
/// plugin was built against; this runs before anything registers with
/// Clang (priority 101: before this library's other static constructors).
__attribute__((constructor(101))) static void refuseOtherClang() {
  if (void *Lib = dlopen(CESCAPE_CLANG_SONAME, RTLD_LAZY | RTLD_NOLOAD)) {
    dlclose(Lib);
    return;
  }
  fprintf(stderr,
          "fatal error: this cescape plugin is built for Clang %d and this "
          "compiler is another (it has no %s): load the plugin of its major "
          "(cescape-<major>.so), as 'cescape cc' does\n",
          CESCAPE_CLANG_MAJOR, CESCAPE_CLANG_SONAME);
  _Exit(1);
}

static FrontendPluginRegistry::Add<cescape::CescapeAction>
    X("cescape", "Go-style escape analysis for C: heap allocations that could "
                 "live on the stack, and stack addresses that escape");
