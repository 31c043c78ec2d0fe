//===- Call.cpp - calls into the escape graph -----------------------------===//
//
// Go's call.go for C. A call's arguments go where the callee lets them go:
// into the callee's parameters when it is solved in the same batch, through
// its summary when it was solved before, through the libc model, or to a
// root (extern, indirect) when nothing is known.
//
//===----------------------------------------------------------------------===//
#include "Build.h"
#include "LibcModel.h"
#include "Wrappers.h"
#include "utils/StmtWalk.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace cescape::escape {

static bool isNullPointer(const Expr *E, ASTContext &Ctx) {
  if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
    return true;
  const auto *Lit = dyn_cast<IntegerLiteral>(E->IgnoreParenCasts());
  return Lit && Lit->getValue() == 0;
}

/// Whether a printf format has a %p conversion (flags, width, precision and
/// length modifiers allowed in between).
static bool printsPointer(llvm::StringRef Format) {
  for (size_t I = Format.find('%'); I != llvm::StringRef::npos;
       I = Format.find('%', I + 1)) {
    size_t J = Format.find_first_not_of("-+ #0123456789$.*hlLqjzt'", I + 1);
    if (J == llvm::StringRef::npos)
      return false;
    if (Format[J] == 'p')
      return true;
    I = J; // "%%" and other conversions
  }
  return false;
}

/// The format strings \p Format may be: string literals, either branch of a
/// conditional, and what a format_arg function (gettext's `_("...")`) is
/// given. False when one is none of these.
static bool formatLiterals(const Expr *Format,
                           llvm::SmallVectorImpl<llvm::StringRef> &Literals,
                           unsigned Depth = 0) {
  Format = Format->IgnoreParenImpCasts();
  if (Depth > 8)
    return false;
  if (const auto *S = dyn_cast<StringLiteral>(Format)) {
    if (S->getCharByteWidth() != 1)
      return false;
    Literals.push_back(S->getString());
    return true;
  }
  if (const auto *C = dyn_cast<ConditionalOperator>(Format))
    return formatLiterals(C->getTrueExpr(), Literals, Depth + 1) &&
           formatLiterals(C->getFalseExpr(), Literals, Depth + 1);
  if (const auto *Call = dyn_cast<CallExpr>(Format))
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (const auto *A = Callee->getAttr<FormatArgAttr>()) {
        unsigned I = A->getFormatIdx().getASTIndex();
        return I < Call->getNumArgs() &&
               formatLiterals(Call->getArg(I), Literals, Depth + 1);
      }
  return false;
}

/// Whether a printf-like call with this format may print an address.
static bool mayPrintPointer(const Expr *Format) {
  llvm::SmallVector<llvm::StringRef, 2> Literals;
  if (!formatLiterals(Format, Literals))
    return true;
  return llvm::any_of(Literals, printsPointer);
}

void Builder::call(Hole K, const CallExpr *Call) {
  K = K.note(Call->getBeginLoc(), "call result");
  const FunctionDecl *Callee = resolveCallee(Call, *Reassigned);
  if (!Call->getDirectCallee())
    expr(Hole(), Call->getCallee());
  CallRole Role = roleOf(Call, Callee, Opts, Wrappers, Ctx);
  if (Role.Kind == CallRole::Frees) {
    freeCall(Call, Role.FreedArg);
    return;
  }
  if (Role.Kind == CallRole::Allocates) {
    if (Role.Wrapper)
      wrapperAllocation(K, Call, *Role.Wrapper, Role.Key);
    else
      userAllocation(K, Call, Callee, Role);
    return;
  }
  if (copiesPointersIntoIntegers(Call)) {
    // Pointers' bytes into integers or back (Integers.cpp): the pointers
    // escape, and either side may come to hold any pointer.
    opaqueCall(K, Call->getBeginLoc(), nullptr, argumentTemps(Call),
               Reason::Integer);
    return;
  }
  if (Callee && !hasKnownBody(Callee)) {
    if (const LibcFunction *F = lookupLibc(Callee)) {
      libcCall(K, Call, *F, Role.Name);
      return;
    }
  }
  callFunction(K, Call->getBeginLoc(), Callee, argumentTemps(Call));
}

void Builder::callFunction(Hole K, SourceLocation Where,
                           const FunctionDecl *Callee,
                           llvm::ArrayRef<Location *> Args) {
  if (!Callee) {
    opaqueCall(K, Where, nullptr, Args, Reason::Indirect);
    return;
  }
  if (!hasKnownBody(Callee)) {
    // Defined in another unit whose summary the database holds?
    auto It = Callee->getDefinition()
                  ? Summaries.end()
                  : Summaries.find(Callee->getCanonicalDecl());
    if (It != Summaries.end())
      summaryCall(K, Where, It->second, Args);
    else
      opaqueCall(K, Where, Callee, Args, Reason::Extern);
    return;
  }
  const FunctionDecl *Def = Callee->getDefinition();
  if (G.info(Def)) {
    batchCall(K, Where, Def, Args);
    return;
  }
  auto It = Summaries.find(Def);
  if (It != Summaries.end()) {
    summaryCall(K, Where, It->second, Args);
    return;
  }
  opaqueCall(K, Where, Def, Args, Reason::Call);
}

void Builder::libcCall(Hole K, const CallExpr *Call, const LibcFunction &F,
                       llvm::StringRef Name) {
  SourceLocation Where = Call->getBeginLoc();
  unsigned NumArgs = Call->getNumArgs();
  switch (F.Kind) {
  case LibcKind::Allocate:
    allocation(K, Call, F, Name);
    return;
  case LibcKind::Free:
    if (NumArgs > 0)
      freeCall(Call, 0);
    return;
  case LibcKind::Alloca: {
    // Lives until the function returns, whatever loop it is in.
    Location *L = frameObject(Call, {});
    for (const Expr *Arg : Call->arguments())
      expr(Hole(), Arg);
    G.flow(K.addr().note(Where, "alloca"), L);
    return;
  }
  case LibcKind::Setjmp: // its loop is found before the body (Build.cpp)
    for (const Expr *Arg : Call->arguments())
      expr(Hole(), Arg);
    return;
  case LibcKind::GetLine:
    for (unsigned I = 0; I < NumArgs; ++I) {
      if (I != 0) {
        expr(Hole(), Call->getArg(I));
        continue;
      }
      Location *LinePtr = temp(Call->getArg(0), Where, "call parameter");
      G.flow(Hole{G.root(Reason::Realloc), 1, Where, "realloc"}, LinePtr);
      store(LinePtr, G.root(Reason::Heap), Where);
    }
    return;
  case LibcKind::Scanf:
  case LibcKind::Sprintf:
  case LibcKind::Print: {
    // scanf: each output may receive a pointer, unknown or (sscanf) spelled
    // in the scanned string; sprintf: the buffer holds what it prints (an
    // address only with "%p": "%s" prints what it points to); printf: an
    // address it prints may be read back from the file.
    if (F.Kind != LibcKind::Scanf && F.FirstVararg > 0 &&
        (unsigned)F.FirstVararg <= NumArgs &&
        !mayPrintPointer(Call->getArg(F.FirstVararg - 1))) {
      for (const Expr *Arg : Call->arguments())
        expr(Hole(), Arg);
      return;
    }
    Location *Text = nullptr;
    if (F.ScanSource != NoArg && (unsigned)F.ScanSource < NumArgs) {
      Text = newTemp(Call->getArg(F.ScanSource), "*");
      G.flow(Hole{Text, 1, Where, "scanned"},
             temp(Call->getArg(F.ScanSource), Where, "call parameter"));
    }
    Location *Buffer = F.Kind == LibcKind::Sprintf && NumArgs > 0
                           ? temp(Call->getArg(0), Where, "call parameter")
                           : nullptr;
    for (unsigned I = 0; I < NumArgs; ++I) {
      if ((int)I < F.FirstVararg) {
        if (!(Buffer && I == 0) && (int)I != F.ScanSource)
          expr(Hole(), Call->getArg(I));
        continue;
      }
      if (F.Kind == LibcKind::Print) {
        expr(ConvertedToInteger.note(Where, "printed with %p"),
             Call->getArg(I));
        continue;
      }
      Location *Arg = temp(Call->getArg(I), Where, "call parameter");
      if (Buffer) {
        store(Buffer, Arg, Where);
        continue;
      }
      store(Arg, G.root(Reason::Heap), Where);
      if (Text)
        store(Arg, Text, Where);
    }
    return;
  }
  case LibcKind::Plain:
    break;
  }

  llvm::SmallVector<Location *, 6> Args;
  for (unsigned I = 0; I < NumArgs; ++I) {
    Location *T =
        temp(Call->getArg(I), Call->getArg(I)->getBeginLoc(), "call parameter");
    Args.push_back(T);
    uint8_t Bit = I < 8 ? 1u << I : 0;
    if (F.Retains & Bit) {
      G.flow(rootHole(Reason::Extern, Where, "kept by the C library"), T);
      G.flow(Hole{G.mutator(), 0, Where, "kept"}, T);
    }
    if (F.Threads & Bit) {
      G.flow(rootHole(Reason::Thread, Where, "handed to a thread"), T);
      G.flow(Hole{G.mutator(), 0, Where, "thread"}, T);
    }
    if (F.WritesOut & Bit)
      G.flow(ConvertedToInteger.note(Where, "written out").deref(), T);
  }
  auto Arg = [&](int8_t I) -> Location * {
    return I >= 0 && (unsigned)I < Args.size() ? Args[I] : nullptr;
  };
  if (Location *A = Arg(F.ResultAlias))
    G.flow(K.shift(F.ResultDerefs), A);
  if (Location *A = Arg(F.ResultAlias2))
    G.flow(K.shift(F.ResultDerefs2), A);
  if (F.ResultUnknown)
    G.flow(K, G.root(Reason::Heap));
  if (Arg(F.CopyDst) && Arg(F.CopySrc)) {
    Location *Contents = newTemp(Call->getArg(F.CopySrc), "*");
    G.flow(Hole{Contents, 1, Where, "copy"}, Arg(F.CopySrc));
    store(Arg(F.CopyDst), Contents, Where);
  }
  // strtol(s, NULL, 10) stores nothing.
  bool NullDst = F.StoreDst != NoArg && (unsigned)F.StoreDst < NumArgs &&
                 isNullPointer(Call->getArg(F.StoreDst), Ctx);
  if (Location *Dst = NullDst ? nullptr : Arg(F.StoreDst)) {
    if (F.StoreSrc == UnknownSrc)
      store(Dst, G.root(Reason::Heap), Where);
    else if (Location *Src = Arg(F.StoreSrc))
      store(Dst, Src, Where);
  }
  if (F.Callback != NoArg && (unsigned)F.Callback < NumArgs) {
    // qsort / bsearch call the comparator with pointers into their data.
    const FunctionDecl *CB = functionDesignator(Call->getArg(F.Callback));
    const FunctionSummary *S = nullptr;
    if (CB && hasKnownBody(CB)) {
      auto It = Summaries.find(CB->getDefinition());
      if (It != Summaries.end())
        S = &It->second;
    }
    int Leak = NoLeak;
    if (S)
      for (const ParamLeaks &P : S->Params) {
        ParamLeaks::lower(Leak, P.Heap);
        ParamLeaks::lower(Leak, P.Thread);
        ParamLeaks::lower(Leak, P.Frees);
        for (int D : P.Pointee)
          ParamLeaks::lower(Leak, D);
      }
    for (unsigned I = 0; I < NumArgs && I < 8; ++I) {
      if (!(F.CallbackArgs & (1u << I)))
        continue;
      if (!S)
        G.flow(rootHole(Reason::Indirect, Where, "passed to a callback"),
               Args[I]);
      else if (Leak != NoLeak)
        G.flow(Hole{G.root(Reason::Call), Leak, Where, "passed to a callback"},
               Args[I]);
    }
  }
}

AllocSite &Builder::allocation(Hole K, const CallExpr *Call,
                               const LibcFunction &F, llvm::StringRef Name,
                               bool EvaluateArgs) {
  SourceLocation Where = Call->getBeginLoc();
  auto Known = G.AllocByCall.find(Call);
  Location *L;
  if (Known != G.AllocByCall.end()) {
    L = G.Allocs[Known->second].Loc;
  } else {
    L = G.newLocation(LocKind::Alloc, Fn->Fn, loopsAt(Where));
    L->Site = Call;
    L->Label = spelling(Call, Ctx);
    AllocSite Site;
    Site.Call = Call;
    Site.Loc = L;
    Site.Kind = F.Alloc;
    Site.Callee = Name.str();
    unsigned NumArgs = Call->getNumArgs();
    for (int8_t I : {F.Size0, F.Size1})
      if (I != NoArg && (unsigned)I < NumArgs)
        Site.SizeArgs.push_back(Call->getArg(I));
    if (F.Align != NoArg && (unsigned)F.Align < NumArgs)
      Site.AlignArg = Call->getArg(F.Align);
    G.AllocByCall[Call] = G.Allocs.size();
    G.Allocs.push_back(std::move(Site));
  }
  for (unsigned I = 0; EvaluateArgs && I < Call->getNumArgs(); ++I) {
    const Expr *Arg = Call->getArg(I);
    if (I == 0 && F.Alloc == AllocKind::Realloc) {
      Location *Old = temp(Arg, Where, "call parameter");
      G.flow(rootHole(Reason::Realloc, Where, "realloc"), Old);
      G.flow(Hole{L, 1, Where, "realloc copy"}, Old);
    } else if (I == 0 && F.Alloc == AllocKind::OutParam) {
      Location *Out = temp(Arg, Where, "call parameter");
      Location *Block = newTemp(Call, "&");
      G.flow(Hole{Block, -1, Where, "allocated"}, L);
      store(Out, Block, Where);
    } else {
      expr(Hole(), Arg);
    }
  }
  if (F.Alloc == AllocKind::Realloc)
    G.flow(Hole{G.root(Reason::Realloc), -1, Where, "realloc"}, L);
  if (F.Alloc != AllocKind::OutParam)
    G.flow(K.addr().note(Where, "allocated"), L);
  return G.Allocs[G.AllocByCall[Call]];
}

void Builder::userAllocation(Hole K, const CallExpr *Call,
                             const FunctionDecl *Callee, const CallRole &Role) {
  LibcFunction F{"user allocator", LibcKind::Allocate};
  // Whether it zeroes the block is not known (Redis' zcalloc takes one
  // argument): a stack array in its place starts zeroed.
  F.Alloc = AllocKind::Calloc;
  // Only a malloc-like signature says which argument is the size: with
  // more arguments (a calloc-like count and size, a context) it is unknown
  // unless the attributes or the pair (`alloc=xcalloc:free:1,2`) say. A
  // function that is only __attribute__((malloc)) may take anything.
  auto IntegerArg = [&](unsigned I) {
    return I < Call->getNumArgs() &&
           Call->getArg(I)->IgnoreParenImpCasts()->getType()->isIntegerType();
  };
  if (Role.Declared && Call->getNumArgs() == 1 && IntegerArg(0))
    F.Size0 = 0;
  if (const auto *Size = Callee ? Callee->getAttr<AllocSizeAttr>() : nullptr) {
    F.Size0 = Size->getElemSizeParam().getASTIndex();
    if (Size->getNumElemsParam().isValid())
      F.Size1 = Size->getNumElemsParam().getASTIndex();
  } else if (const auto *Own =
                 Callee ? Callee->getAttr<OwnershipAttr>() : nullptr) {
    if (Own->args_size())
      F.Size0 = Own->args_begin()->getASTIndex();
  }
  if (Role.Declared && !Role.Declared->SizeArgs.empty()) {
    const std::vector<unsigned> &Args = Role.Declared->SizeArgs;
    bool Known = llvm::all_of(Args, IntegerArg);
    F.Size0 = Known ? int8_t(Args[0]) : NoArg;
    F.Size1 = Known && Args.size() > 1 ? int8_t(Args[1]) : NoArg;
  }
  // One that also takes a pointer (`xmemdup(src, n)`, a pool) may fill the
  // block from it: a stack array in its place would not.
  bool TakesPointer =
      Callee && llvm::any_of(Callee->parameters(), [](const ParmVarDecl *P) {
        return P->getType()->isPointerType();
      });
  if (!Role.Declared) {
    allocation(K, Call, F, Role.Name).Replaceable = !TakesPointer;
    return;
  }
  // A declared allocator may be a macro or a hook spelled around other
  // calls: what it is given goes where unknown code would put it.
  allocation(K, Call, F, Role.Name, /*EvaluateArgs=*/false);
  opaqueCall(Hole(), Call->getBeginLoc(), nullptr, argumentTemps(Call),
             Reason::Extern);
}

void Builder::wrapperAllocation(Hole K, const CallExpr *Call,
                                const AllocatorWrapper &W,
                                const FunctionDecl *Wrapper) {
  LibcFunction F{"allocator wrapper", LibcKind::Allocate};
  F.Alloc = W.Kind;
  // At most two: each level maps its inner allocator's (at most two) size
  // arguments to its parameters.
  if (W.SizeParams.size() > 0)
    F.Size0 = int8_t(W.SizeParams[0]);
  if (W.SizeParams.size() > 1)
    F.Size1 = int8_t(W.SizeParams[1]);
  AllocSite &Site =
      allocation(K, Call, F, Wrapper->getName(), /*EvaluateArgs=*/false);
  // A size parameter the call does not pass leaves a factor out: unknown.
  bool AllPassed = llvm::all_of(W.SizeParams, [&](unsigned P) {
    return P < Call->getNumArgs() && P <= unsigned(INT8_MAX);
  });
  Site.SizeScale = AllPassed ? W.SizeScale : std::nullopt;
  Site.ScaleOnly = true;
  Site.Replaceable = W.OnlyAllocates;
  // The arguments go where the wrapper's summary says; its result is the
  // block, which nothing else holds.
  summaryCall(Hole(), Call->getBeginLoc(), Summaries.find(Wrapper)->second,
              argumentTemps(Call));
}

llvm::SmallVector<Location *, 6> Builder::argumentTemps(const CallExpr *Call) {
  llvm::SmallVector<Location *, 6> Args;
  for (const Expr *Arg : Call->arguments())
    Args.push_back(temp(Arg, Arg->getBeginLoc(), "call parameter"));
  return Args;
}

void Builder::freeCall(const CallExpr *Call, unsigned FreedArg) {
  SourceLocation Where = Call->getBeginLoc();
  Location *T = temp(Call->getArg(FreedArg), Where, "free");
  G.FreeSites.push_back(FreeSite{Call, T, Fn->Fn});
  G.flow(Hole{Fn->Frees, 0, Where, "free"}, T);
  for (unsigned I = 0; I < Call->getNumArgs(); ++I)
    if (I != FreedArg)
      expr(Hole(), Call->getArg(I));
}

void Builder::batchCall(Hole K, SourceLocation Where,
                        const FunctionDecl *Callee,
                        llvm::ArrayRef<Location *> Args) {
  FunctionInfo *C = G.info(Callee);
  for (unsigned I = 0; I < Args.size(); ++I) {
    if (I < C->Params.size()) {
      G.flow(Hole{C->Params[I], 0, Where, "call parameter"}, Args[I]);
      continue;
    }
    G.flow(rootHole(Reason::Call, Where, "variadic argument"), Args[I]);
    G.flow(Hole{G.mutator(), 0, Where, "variadic argument"}, Args[I]);
  }
  G.flow(K, C->Result);
}

void Builder::summaryCall(Hole K, SourceLocation Where,
                          const FunctionSummary &S,
                          llvm::ArrayRef<Location *> Args) {
  for (unsigned I = 0; I < Args.size(); ++I) {
    Location *T = Args[I];
    if (I >= S.Params.size()) {
      G.flow(rootHole(Reason::Call, Where, "variadic argument"), T);
      G.flow(Hole{G.mutator(), 0, Where, "variadic argument"}, T);
      continue;
    }
    const ParamLeaks &P = S.Params[I];
    if (P.Mutates)
      G.flow(Hole{G.mutator(), 0, Where, "call parameter"}, T);
    // Kept by the callee: an escape, never a dangling-pointer warning. Real
    // code keeps a caller's object while it runs and unlinks it before the
    // caller returns (git's start_command/finish_command, Redis' iterators
    // pointing into themselves); a summary cannot tell.
    if (P.Heap != NoLeak)
      G.flow(Hole{G.root(Reason::Call), P.Heap, Where, "kept by the callee"},
             T);
    if (P.Kept != NoLeak)
      G.flow(Hole{G.kept(), P.Kept, Where, "kept by the callee"}, T);
    if (P.Frees != NoLeak)
      G.flow(Hole{G.root(Reason::Call), P.Frees, Where, "freed by callee"}, T);
    if (P.Thread != NoLeak)
      G.flow(Hole{G.root(Reason::Thread), P.Thread, Where,
                  "handed to a thread by callee"},
             T);
    if (P.Result != NoLeak)
      G.flow(K.shift(P.Result), T);
    for (unsigned J = 0; J < P.Pointee.size() && J < Args.size(); ++J) {
      if (P.Pointee[J] == NoLeak)
        continue;
      Location *V = newTemp(nullptr, "{stored by the callee}");
      G.flow(Hole{V, P.Pointee[J], Where, "stored by callee"}, T);
      store(Args[J], V, Where);
    }
  }
  if (S.ResultUnknown)
    G.flow(K, G.root(Reason::Heap));
}

void Builder::opaqueCall(Hole K, SourceLocation Where,
                         const FunctionDecl *Callee,
                         llvm::ArrayRef<Location *> Args, Reason Why) {
  for (unsigned I = 0; I < Args.size(); ++I) {
    G.flow(Hole{G.mutator(), 0, Where, "call parameter"}, Args[I]);
    bool NoEscape = Callee && I < Callee->getNumParams() &&
                    Callee->getParamDecl(I)->hasAttr<NoEscapeAttr>();
    if (!NoEscape)
      G.flow(rootHole(Why, Where, "call parameter"), Args[I]);
  }
  G.flow(K, G.root(Reason::Heap));
}

} // namespace cescape::escape
