//===- LibcModel.cpp - the table of modelled C library functions ----------===//
#include "LibcModel.h"

#include "clang/AST/Decl.h"
#include "llvm/ADT/StringMap.h"

namespace cescape::escape {
namespace {

LibcFunction plain(const char *Name) { return LibcFunction{Name}; }

LibcFunction aliasOf(const char *Name, int8_t Arg) {
  LibcFunction F{Name};
  F.ResultAlias = Arg;
  return F;
}

LibcFunction unknownResult(const char *Name) {
  LibcFunction F{Name};
  F.ResultUnknown = true;
  return F;
}

LibcFunction retains(const char *Name, uint8_t Mask) {
  LibcFunction F{Name};
  F.Retains = Mask;
  return F;
}

LibcFunction allocator(const char *Name, AllocKind Kind, int8_t Size0,
                       int8_t Size1 = NoArg, int8_t Align = NoArg) {
  LibcFunction F{Name, LibcKind::Allocate};
  F.Alloc = Kind;
  F.Size0 = Size0;
  F.Size1 = Size1;
  F.Align = Align;
  return F;
}

LibcFunction kind(const char *Name, LibcKind Kind) {
  return LibcFunction{Name, Kind};
}

LibcFunction copying(const char *Name) { // memcpy(dst, src, n) and kin
  LibcFunction F = aliasOf(Name, 0);
  F.CopyDst = 0;
  F.CopySrc = 1;
  return F;
}

LibcFunction endPointer(const char *Name) { // strtol(s, &end, ...)
  LibcFunction F{Name};
  F.StoreDst = 1;
  F.StoreSrc = 0;
  return F;
}

LibcFunction storesUnknown(const char *Name, int8_t Dst) {
  LibcFunction F{Name};
  F.StoreDst = Dst;
  F.StoreSrc = UnknownSrc;
  return F;
}

LibcFunction scanf(const char *Name, int8_t FirstVararg,
                   int8_t Source = NoArg) {
  LibcFunction F{Name, LibcKind::Scanf};
  F.FirstVararg = FirstVararg;
  F.ScanSource = Source;
  return F;
}

// A "%p" printed into a buffer can be scanned back into a pointer: the
// buffer holds what is printed into it.
LibcFunction sprintf(const char *Name, int8_t FirstVararg) {
  LibcFunction F{Name, LibcKind::Sprintf};
  F.FirstVararg = FirstVararg;
  return F;
}

std::vector<LibcFunction> table() {
  std::vector<LibcFunction> T = {
      // Allocation.
      allocator("malloc", AllocKind::Malloc, 0),
      allocator("calloc", AllocKind::Calloc, 0, 1),
      allocator("aligned_alloc", AllocKind::Aligned, 1, NoArg, 0),
      allocator("memalign", AllocKind::Aligned, 1, NoArg, 0),
      allocator("valloc", AllocKind::PageAligned, 0),
      allocator("pvalloc", AllocKind::PageAligned, 0),
      allocator("realloc", AllocKind::Realloc, 1),
      allocator("reallocarray", AllocKind::Realloc, 1, 2),
      allocator("strdup", AllocKind::Strdup, NoArg),
      allocator("strndup", AllocKind::Strdup, NoArg),
      allocator("posix_memalign", AllocKind::OutParam, 2, NoArg, 1),
      allocator("asprintf", AllocKind::OutParam, NoArg),
      allocator("vasprintf", AllocKind::OutParam, NoArg),
      kind("free", LibcKind::Free),
      kind("cfree", LibcKind::Free),
      kind("alloca", LibcKind::Alloca),
      kind("__builtin_alloca_with_align", LibcKind::Alloca),
      kind("setjmp", LibcKind::Setjmp),
      kind("_setjmp", LibcKind::Setjmp),
      kind("sigsetjmp", LibcKind::Setjmp),
      kind("__sigsetjmp", LibcKind::Setjmp),
      kind("savectx", LibcKind::Setjmp),
      kind("vfork", LibcKind::Setjmp),
      kind("getcontext", LibcKind::Setjmp),
      kind("getline", LibcKind::GetLine),
      kind("getdelim", LibcKind::GetLine),
      // Results that point into an argument.
      copying("memcpy"),
      copying("memmove"),
      copying("mempcpy"),
      copying("memccpy"),
      aliasOf("memset", 0),
      aliasOf("strcpy", 0),
      aliasOf("strncpy", 0),
      aliasOf("strcat", 0),
      aliasOf("strncat", 0),
      aliasOf("stpcpy", 0),
      aliasOf("stpncpy", 0),
      aliasOf("strchr", 0),
      aliasOf("strrchr", 0),
      aliasOf("strchrnul", 0),
      aliasOf("strstr", 0),
      aliasOf("strcasestr", 0),
      aliasOf("strpbrk", 0),
      aliasOf("memchr", 0),
      aliasOf("memrchr", 0),
      aliasOf("rawmemchr", 0),
      aliasOf("memmem", 0),
      aliasOf("fgets", 0),
      aliasOf("index", 0),
      aliasOf("rindex", 0),
      aliasOf("basename", 0),
      aliasOf("inet_ntop", 2),
      aliasOf("localtime_r", 1),
      aliasOf("gmtime_r", 1),
      aliasOf("ctime_r", 1),
      aliasOf("asctime_r", 1),
      aliasOf("__builtin_expect", 0),
      aliasOf("__builtin_expect_with_probability", 0),
      aliasOf("__builtin_assume_aligned", 0),
      aliasOf("__builtin_launder", 0),
      // Results unrelated to the arguments (static or library memory).
      unknownResult("getenv"),
      unknownResult("secure_getenv"),
      unknownResult("strerror"),
      unknownResult("strsignal"),
      unknownResult("localtime"),
      unknownResult("gmtime"),
      unknownResult("ctime"),
      unknownResult("asctime"),
      unknownResult("setlocale"),
      unknownResult("fopen"),
      unknownResult("fdopen"),
      unknownResult("tmpfile"),
      unknownResult("popen"),
      unknownResult("opendir"),
      unknownResult("readdir"),
      unknownResult("getpwnam"),
      unknownResult("getpwuid"),
      unknownResult("getgrnam"),
      unknownResult("getgrgid"),
      unknownResult("ttyname"),
      unknownResult("dlopen"),
      unknownResult("dlsym"),
      unknownResult("dlerror"),
      unknownResult("__errno_location"),
      unknownResult("pthread_getspecific"),
      unknownResult("signal"),
      unknownResult("gai_strerror"),
      unknownResult("inet_ntoa"),
      // Arguments kept after the call returns.
      retains("setvbuf", 1 << 1),
      retains("setbuf", 1 << 1),
      retains("setbuffer", 1 << 1),
      retains("putenv", 1 << 0),
      retains("pthread_setspecific", 1 << 1),
      retains("on_exit", 1 << 1),
      retains("strtok", 1 << 0),
      // Pointers written through an out-parameter.
      endPointer("strtol"),
      endPointer("strtoul"),
      endPointer("strtoll"),
      endPointer("strtoull"),
      endPointer("strtod"),
      endPointer("strtof"),
      endPointer("strtold"),
      endPointer("strtoimax"),
      endPointer("strtoumax"),
      storesUnknown("pthread_join", 1),
      storesUnknown("getaddrinfo", 3),
      scanf("scanf", 1),
      scanf("fscanf", 2),
      scanf("sscanf", 2, 0),
      scanf("vscanf", 1),
      scanf("vfscanf", 2),
      scanf("vsscanf", 2, 0),
      // Only reads or writes bytes.
      plain("strlen"),
      plain("strnlen"),
      plain("strcmp"),
      plain("strncmp"),
      plain("strcasecmp"),
      plain("strncasecmp"),
      plain("strcoll"),
      plain("strxfrm"),
      plain("memcmp"),
      plain("bcmp"),
      plain("strspn"),
      plain("strcspn"),
      plain("bzero"),
      plain("explicit_bzero"),
      plain("atoi"),
      plain("atol"),
      plain("atoll"),
      plain("atof"),
      plain("printf"),
      plain("fprintf"),
      plain("dprintf"),
      sprintf("sprintf", 2),
      sprintf("snprintf", 3),
      plain("vprintf"),
      plain("vfprintf"),
      plain("vdprintf"),
      plain("vsprintf"),
      plain("vsnprintf"),
      plain("puts"),
      plain("fputs"),
      plain("fputc"),
      plain("putc"),
      plain("putchar"),
      plain("perror"),
      plain("fwrite"),
      plain("fread"),
      plain("fflush"),
      plain("fclose"),
      plain("feof"),
      plain("ferror"),
      plain("clearerr"),
      plain("fileno"),
      plain("rewind"),
      plain("fseek"),
      plain("ftell"),
      plain("fgetc"),
      plain("getc"),
      plain("getchar"),
      plain("ungetc"),
      plain("read"),
      plain("write"),
      plain("pread"),
      plain("pwrite"),
      plain("send"),
      plain("recv"),
      plain("open"),
      plain("close"),
      plain("creat"),
      plain("unlink"),
      plain("remove"),
      plain("rename"),
      plain("mkdir"),
      plain("rmdir"),
      plain("access"),
      plain("stat"),
      plain("lstat"),
      plain("fstat"),
      plain("chmod"),
      plain("chdir"),
      plain("exit"),
      plain("_exit"),
      plain("abort"),
      plain("atexit"),
      plain("time"),
      plain("clock"),
      plain("gettimeofday"),
      plain("clock_gettime"),
      plain("nanosleep"),
      plain("usleep"),
      plain("sleep"),
      plain("rand"),
      plain("srand"),
      plain("rand_r"),
      plain("getpid"),
      plain("pthread_mutex_lock"),
      plain("pthread_mutex_unlock"),
      plain("pthread_mutex_trylock"),
      plain("pthread_mutex_init"),
      plain("pthread_mutex_destroy"),
      plain("pthread_cond_wait"),
      plain("pthread_cond_timedwait"),
      plain("pthread_cond_signal"),
      plain("pthread_cond_broadcast"),
      plain("pthread_cond_init"),
      plain("pthread_cond_destroy"),
      plain("pthread_rwlock_rdlock"),
      plain("pthread_rwlock_wrlock"),
      plain("pthread_rwlock_unlock"),
      plain("pthread_rwlock_init"),
      plain("pthread_rwlock_destroy"),
      plain("pthread_spin_lock"),
      plain("pthread_spin_unlock"),
      plain("pthread_spin_init"),
      plain("pthread_spin_destroy"),
      plain("pthread_attr_init"),
      plain("pthread_attr_destroy"),
      plain("pthread_self"),
      plain("pthread_equal"),
      plain("pthread_detach"),
      plain("sem_init"),
      plain("sem_wait"),
      plain("sem_post"),
      plain("sem_destroy"),
      plain("mtx_lock"),
      plain("mtx_unlock"),
      plain("mtx_init"),
      plain("mtx_destroy"),
      plain("thrd_join"),
      plain("regcomp"),
      plain("regexec"),
      plain("regfree"),
      plain("freeaddrinfo"),
      plain("__assert_fail"),
      plain("__assert"),
      plain("__stack_chk_fail"),
      plain("__builtin_va_start"),
      plain("__builtin_va_end"),
      plain("__builtin_va_copy"),
      plain("__builtin_c23_va_start"),
      plain("__builtin_object_size"),
      plain("__builtin_dynamic_object_size"),
      plain("__builtin_prefetch"),
      plain("__builtin_unreachable"),
      plain("__builtin_trap"),
      plain("__builtin_constant_p"),
      plain("memset_explicit"),
      plain("strtok_r"),
      plain("realpath"),
      plain("bsearch"),
      plain("qsort"),
      plain("strsep"),
      plain("pthread_create"),
      plain("thrd_create"),
  };
  // Entries whose fields need more than one helper.
  for (LibcFunction &F : T) {
    llvm::StringRef N = F.Name;
    if (N == "strtok")
      F.ResultAlias = 0;
    else if (N == "strtok_r") { // strtok_r(NULL, d, &save) resumes *save
      F.ResultAlias = 0;
      F.ResultAlias2 = 2;
      F.ResultDerefs2 = 1;
      F.StoreDst = 2;
      F.StoreSrc = 0;
    } else if (N == "realpath") {
      F.ResultAlias = 1;
      F.ResultUnknown = true;
    } else if (N == "bsearch") {
      F.ResultAlias = 1;
      F.Callback = 4;
      F.CallbackArgs = 1 << 0 | 1 << 1;
    } else if (N == "qsort") {
      F.Callback = 3;
      F.CallbackArgs = 1 << 0;
    } else if (N == "strsep") { // returns *arg0, advances *arg0
      F.ResultAlias = 0;
      F.ResultDerefs = 1;
    } else if (N == "pthread_create") {
      F.Threads = 1 << 3;
    } else if (N == "thrd_create") {
      F.Threads = 1 << 2;
    }
  }
  return T;
}

/// The C signature's parameter count, so that a project's own function
/// with a libc name (`int send(char *msg)`) is not taken for libc's.
struct Arity {
  unsigned Params;
  bool Variadic;
};

const llvm::StringMap<Arity> &arities() {
  static const llvm::StringMap<Arity> Map = {
      {"malloc", {1, false}},
      {"calloc", {2, false}},
      {"aligned_alloc", {2, false}},
      {"memalign", {2, false}},
      {"valloc", {1, false}},
      {"pvalloc", {1, false}},
      {"realloc", {2, false}},
      {"reallocarray", {3, false}},
      {"strdup", {1, false}},
      {"strndup", {2, false}},
      {"posix_memalign", {3, false}},
      {"asprintf", {2, true}},
      {"vasprintf", {3, false}},
      {"free", {1, false}},
      {"cfree", {1, false}},
      {"alloca", {1, false}},
      {"setjmp", {1, false}},
      {"_setjmp", {1, false}},
      {"sigsetjmp", {2, false}},
      {"__sigsetjmp", {2, false}},
      {"vfork", {0, false}},
      {"getline", {3, false}},
      {"getdelim", {4, false}},
      {"getcontext", {1, false}},
      {"memcpy", {3, false}},
      {"memmove", {3, false}},
      {"mempcpy", {3, false}},
      {"memccpy", {4, false}},
      {"memset", {3, false}},
      {"strcpy", {2, false}},
      {"strncpy", {3, false}},
      {"strcat", {2, false}},
      {"strncat", {3, false}},
      {"stpcpy", {2, false}},
      {"stpncpy", {3, false}},
      {"strchr", {2, false}},
      {"strrchr", {2, false}},
      {"strchrnul", {2, false}},
      {"strstr", {2, false}},
      {"strcasestr", {2, false}},
      {"strpbrk", {2, false}},
      {"memchr", {3, false}},
      {"memrchr", {3, false}},
      {"rawmemchr", {2, false}},
      {"memmem", {4, false}},
      {"fgets", {3, false}},
      {"index", {2, false}},
      {"rindex", {2, false}},
      {"basename", {1, false}},
      {"inet_ntop", {4, false}},
      {"localtime_r", {2, false}},
      {"gmtime_r", {2, false}},
      {"ctime_r", {2, false}},
      {"asctime_r", {2, false}},
      {"getenv", {1, false}},
      {"secure_getenv", {1, false}},
      {"strerror", {1, false}},
      {"strsignal", {1, false}},
      {"localtime", {1, false}},
      {"gmtime", {1, false}},
      {"ctime", {1, false}},
      {"asctime", {1, false}},
      {"setlocale", {2, false}},
      {"fopen", {2, false}},
      {"fdopen", {2, false}},
      {"tmpfile", {0, false}},
      {"popen", {2, false}},
      {"opendir", {1, false}},
      {"readdir", {1, false}},
      {"getpwnam", {1, false}},
      {"getpwuid", {1, false}},
      {"getgrnam", {1, false}},
      {"getgrgid", {1, false}},
      {"ttyname", {1, false}},
      {"dlopen", {2, false}},
      {"dlsym", {2, false}},
      {"dlerror", {0, false}},
      {"__errno_location", {0, false}},
      {"pthread_getspecific", {1, false}},
      {"signal", {2, false}},
      {"gai_strerror", {1, false}},
      {"inet_ntoa", {1, false}},
      {"setvbuf", {4, false}},
      {"setbuf", {2, false}},
      {"setbuffer", {3, false}},
      {"putenv", {1, false}},
      {"pthread_setspecific", {2, false}},
      {"on_exit", {2, false}},
      {"strtok", {2, false}},
      {"strtol", {3, false}},
      {"strtoul", {3, false}},
      {"strtoll", {3, false}},
      {"strtoull", {3, false}},
      {"strtod", {2, false}},
      {"strtof", {2, false}},
      {"strtold", {2, false}},
      {"strtoimax", {3, false}},
      {"strtoumax", {3, false}},
      {"pthread_join", {2, false}},
      {"getaddrinfo", {4, false}},
      {"scanf", {1, true}},
      {"fscanf", {2, true}},
      {"sscanf", {2, true}},
      {"vscanf", {2, false}},
      {"vfscanf", {3, false}},
      {"vsscanf", {3, false}},
      {"strlen", {1, false}},
      {"strnlen", {2, false}},
      {"strcmp", {2, false}},
      {"strncmp", {3, false}},
      {"strcasecmp", {2, false}},
      {"strncasecmp", {3, false}},
      {"strcoll", {2, false}},
      {"strxfrm", {3, false}},
      {"memcmp", {3, false}},
      {"bcmp", {3, false}},
      {"strspn", {2, false}},
      {"strcspn", {2, false}},
      {"bzero", {2, false}},
      {"explicit_bzero", {2, false}},
      {"atoi", {1, false}},
      {"atol", {1, false}},
      {"atoll", {1, false}},
      {"atof", {1, false}},
      {"printf", {1, true}},
      {"fprintf", {2, true}},
      {"dprintf", {2, true}},
      {"sprintf", {2, true}},
      {"snprintf", {3, true}},
      {"vprintf", {2, false}},
      {"vfprintf", {3, false}},
      {"vdprintf", {3, false}},
      {"vsprintf", {3, false}},
      {"vsnprintf", {4, false}},
      {"puts", {1, false}},
      {"fputs", {2, false}},
      {"fputc", {2, false}},
      {"putc", {2, false}},
      {"putchar", {1, false}},
      {"perror", {1, false}},
      {"fwrite", {4, false}},
      {"fread", {4, false}},
      {"fflush", {1, false}},
      {"fclose", {1, false}},
      {"feof", {1, false}},
      {"ferror", {1, false}},
      {"clearerr", {1, false}},
      {"fileno", {1, false}},
      {"rewind", {1, false}},
      {"fseek", {3, false}},
      {"ftell", {1, false}},
      {"fgetc", {1, false}},
      {"getc", {1, false}},
      {"getchar", {0, false}},
      {"ungetc", {2, false}},
      {"read", {3, false}},
      {"write", {3, false}},
      {"pread", {4, false}},
      {"pwrite", {4, false}},
      {"send", {4, false}},
      {"recv", {4, false}},
      {"open", {2, true}},
      {"close", {1, false}},
      {"creat", {2, false}},
      {"unlink", {1, false}},
      {"remove", {1, false}},
      {"rename", {2, false}},
      {"mkdir", {2, false}},
      {"rmdir", {1, false}},
      {"access", {2, false}},
      {"stat", {2, false}},
      {"lstat", {2, false}},
      {"fstat", {2, false}},
      {"chmod", {2, false}},
      {"chdir", {1, false}},
      {"exit", {1, false}},
      {"_exit", {1, false}},
      {"abort", {0, false}},
      {"atexit", {1, false}},
      {"time", {1, false}},
      {"clock", {0, false}},
      {"gettimeofday", {2, false}},
      {"clock_gettime", {2, false}},
      {"nanosleep", {2, false}},
      {"usleep", {1, false}},
      {"sleep", {1, false}},
      {"rand", {0, false}},
      {"srand", {1, false}},
      {"rand_r", {1, false}},
      {"getpid", {0, false}},
      {"pthread_mutex_lock", {1, false}},
      {"pthread_mutex_unlock", {1, false}},
      {"pthread_mutex_trylock", {1, false}},
      {"pthread_mutex_init", {2, false}},
      {"pthread_mutex_destroy", {1, false}},
      {"pthread_cond_wait", {2, false}},
      {"pthread_cond_timedwait", {3, false}},
      {"pthread_cond_signal", {1, false}},
      {"pthread_cond_broadcast", {1, false}},
      {"pthread_cond_init", {2, false}},
      {"pthread_cond_destroy", {1, false}},
      {"pthread_rwlock_rdlock", {1, false}},
      {"pthread_rwlock_wrlock", {1, false}},
      {"pthread_rwlock_unlock", {1, false}},
      {"pthread_rwlock_init", {2, false}},
      {"pthread_rwlock_destroy", {1, false}},
      {"pthread_spin_lock", {1, false}},
      {"pthread_spin_unlock", {1, false}},
      {"pthread_spin_init", {2, false}},
      {"pthread_spin_destroy", {1, false}},
      {"pthread_attr_init", {1, false}},
      {"pthread_attr_destroy", {1, false}},
      {"pthread_self", {0, false}},
      {"pthread_equal", {2, false}},
      {"pthread_detach", {1, false}},
      {"sem_init", {3, false}},
      {"sem_wait", {1, false}},
      {"sem_post", {1, false}},
      {"sem_destroy", {1, false}},
      {"mtx_lock", {1, false}},
      {"mtx_unlock", {1, false}},
      {"mtx_init", {2, false}},
      {"mtx_destroy", {1, false}},
      {"thrd_join", {2, false}},
      {"regcomp", {3, false}},
      {"regexec", {5, false}},
      {"regfree", {1, false}},
      {"freeaddrinfo", {1, false}},
      {"__assert_fail", {4, false}},
      {"__assert", {3, false}},
      {"__stack_chk_fail", {0, false}},
      {"memset_explicit", {3, false}},
      {"strtok_r", {3, false}},
      {"realpath", {2, false}},
      {"bsearch", {5, false}},
      {"qsort", {4, false}},
      {"strsep", {2, false}},
      {"pthread_create", {4, false}},
      {"thrd_create", {3, false}},
  };
  return Map;
}

} // namespace

const LibcFunction *lookupLibc(const clang::FunctionDecl *Callee) {
  if (!Callee->getIdentifier())
    return nullptr;
  static const llvm::StringMap<LibcFunction> Map = [] {
    llvm::StringMap<LibcFunction> M;
    for (const LibcFunction &F : table())
      M.try_emplace(F.Name, F);
    return M;
  }();
  llvm::StringRef Name = Callee->getName();
  auto Exact = Map.find(Name);
  if (Exact != Map.end()) {
    auto A = arities().find(Name);
    if (A != arities().end() && Callee->hasPrototype() &&
        (Callee->getNumParams() != A->second.Params ||
         Callee->isVariadic() != A->second.Variadic))
      return nullptr;
    return &Exact->second;
  }
  // __builtin_memcpy, __builtin___memcpy_chk, __memcpy_chk: the same model
  // (the fortified ones add trailing size arguments only).
  if (!Callee->getBuiltinID() && !Name.starts_with("__"))
    return nullptr;
  Name.consume_front("__builtin_");
  if (Name.consume_back("_chk"))
    Name.consume_front("__");
  auto It = Map.find(Name);
  return It == Map.end() ? nullptr : &It->second;
}

} // namespace cescape::escape
