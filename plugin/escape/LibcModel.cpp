//===- LibcModel.cpp - the table of modelled C library functions ----------===//
#include "LibcModel.h"

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

LibcFunction scanf(const char *Name, int8_t FirstVararg) {
  LibcFunction F{Name, LibcKind::Scanf};
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
      kind("getline", LibcKind::GetLine),
      kind("getdelim", LibcKind::GetLine),
      // Results that point into an argument.
      copying("memcpy"), copying("memmove"), copying("mempcpy"),
      copying("memccpy"),
      aliasOf("memset", 0), aliasOf("strcpy", 0), aliasOf("strncpy", 0),
      aliasOf("strcat", 0), aliasOf("strncat", 0), aliasOf("stpcpy", 0),
      aliasOf("stpncpy", 0), aliasOf("strchr", 0), aliasOf("strrchr", 0),
      aliasOf("strchrnul", 0), aliasOf("strstr", 0), aliasOf("strcasestr", 0),
      aliasOf("strpbrk", 0), aliasOf("memchr", 0), aliasOf("memrchr", 0),
      aliasOf("rawmemchr", 0), aliasOf("memmem", 0), aliasOf("fgets", 0),
      aliasOf("index", 0), aliasOf("rindex", 0), aliasOf("basename", 0),
      aliasOf("inet_ntop", 2), aliasOf("localtime_r", 1),
      aliasOf("gmtime_r", 1), aliasOf("ctime_r", 1), aliasOf("asctime_r", 1),
      aliasOf("__builtin_expect", 0), aliasOf("__builtin_expect_with_probability", 0),
      aliasOf("__builtin_assume_aligned", 0), aliasOf("__builtin_launder", 0),
      // Results unrelated to the arguments (static or library memory).
      unknownResult("getenv"), unknownResult("secure_getenv"),
      unknownResult("strerror"), unknownResult("strsignal"),
      unknownResult("localtime"), unknownResult("gmtime"),
      unknownResult("ctime"), unknownResult("asctime"),
      unknownResult("setlocale"), unknownResult("fopen"),
      unknownResult("fdopen"), unknownResult("tmpfile"),
      unknownResult("popen"), unknownResult("opendir"),
      unknownResult("readdir"), unknownResult("getpwnam"),
      unknownResult("getpwuid"), unknownResult("getgrnam"),
      unknownResult("getgrgid"), unknownResult("ttyname"),
      unknownResult("dlopen"), unknownResult("dlsym"),
      unknownResult("dlerror"), unknownResult("__errno_location"),
      unknownResult("pthread_getspecific"), unknownResult("signal"),
      unknownResult("gai_strerror"), unknownResult("inet_ntoa"),
      // Arguments kept after the call returns.
      retains("setvbuf", 1 << 1), retains("setbuf", 1 << 1),
      retains("setbuffer", 1 << 1), retains("putenv", 1 << 0),
      retains("pthread_setspecific", 1 << 1), retains("on_exit", 1 << 1),
      retains("strtok", 1 << 0),
      // Pointers written through an out-parameter.
      endPointer("strtol"), endPointer("strtoul"), endPointer("strtoll"),
      endPointer("strtoull"), endPointer("strtod"), endPointer("strtof"),
      endPointer("strtold"), endPointer("strtoimax"), endPointer("strtoumax"),
      storesUnknown("pthread_join", 1), storesUnknown("getaddrinfo", 3),
      scanf("scanf", 1), scanf("fscanf", 2), scanf("sscanf", 2),
      scanf("vscanf", 1), scanf("vfscanf", 2), scanf("vsscanf", 2),
      // Only reads or writes bytes.
      plain("strlen"), plain("strnlen"), plain("strcmp"), plain("strncmp"),
      plain("strcasecmp"), plain("strncasecmp"), plain("strcoll"),
      plain("strxfrm"), plain("memcmp"), plain("bcmp"), plain("strspn"),
      plain("strcspn"), plain("bzero"), plain("explicit_bzero"),
      plain("atoi"), plain("atol"), plain("atoll"), plain("atof"),
      plain("printf"), plain("fprintf"), plain("dprintf"), plain("sprintf"),
      plain("snprintf"), plain("vprintf"), plain("vfprintf"),
      plain("vdprintf"), plain("vsprintf"), plain("vsnprintf"),
      plain("puts"), plain("fputs"), plain("fputc"), plain("putc"),
      plain("putchar"), plain("perror"), plain("fwrite"), plain("fread"),
      plain("fflush"), plain("fclose"), plain("feof"), plain("ferror"),
      plain("clearerr"), plain("fileno"), plain("rewind"), plain("fseek"),
      plain("ftell"), plain("fgetc"), plain("getc"), plain("getchar"),
      plain("ungetc"), plain("read"), plain("write"), plain("pread"),
      plain("pwrite"), plain("send"), plain("recv"), plain("open"),
      plain("close"), plain("creat"), plain("unlink"), plain("remove"),
      plain("rename"), plain("mkdir"), plain("rmdir"), plain("access"),
      plain("stat"), plain("lstat"), plain("fstat"), plain("chmod"),
      plain("chdir"), plain("exit"), plain("_exit"), plain("abort"),
      plain("atexit"), plain("time"), plain("clock"), plain("gettimeofday"),
      plain("clock_gettime"), plain("nanosleep"), plain("usleep"),
      plain("sleep"), plain("rand"), plain("srand"), plain("rand_r"),
      plain("getpid"), plain("pthread_mutex_lock"),
      plain("pthread_mutex_unlock"), plain("pthread_mutex_trylock"),
      plain("pthread_mutex_init"), plain("pthread_mutex_destroy"),
      plain("pthread_cond_wait"), plain("pthread_cond_timedwait"),
      plain("pthread_cond_signal"), plain("pthread_cond_broadcast"),
      plain("pthread_cond_init"), plain("pthread_cond_destroy"),
      plain("pthread_rwlock_rdlock"), plain("pthread_rwlock_wrlock"),
      plain("pthread_rwlock_unlock"), plain("pthread_rwlock_init"),
      plain("pthread_rwlock_destroy"), plain("pthread_spin_lock"),
      plain("pthread_spin_unlock"), plain("pthread_spin_init"),
      plain("pthread_spin_destroy"), plain("pthread_attr_init"),
      plain("pthread_attr_destroy"), plain("pthread_self"),
      plain("pthread_equal"), plain("pthread_detach"), plain("sem_init"),
      plain("sem_wait"), plain("sem_post"), plain("sem_destroy"),
      plain("mtx_lock"), plain("mtx_unlock"), plain("mtx_init"),
      plain("mtx_destroy"), plain("thrd_join"), plain("regcomp"),
      plain("regexec"), plain("regfree"), plain("freeaddrinfo"),
      plain("__assert_fail"), plain("__assert"), plain("__stack_chk_fail"),
      plain("__builtin_va_start"), plain("__builtin_va_end"), plain("__builtin_va_copy"),
      plain("__builtin_c23_va_start"), plain("__builtin_object_size"),
      plain("__builtin_dynamic_object_size"), plain("__builtin_prefetch"), plain("__builtin_unreachable"),
      plain("__builtin_trap"), plain("__builtin_constant_p"), plain("memset_explicit"),
      plain("strtok_r"), plain("realpath"), plain("bsearch"),
      plain("qsort"), plain("strsep"), plain("pthread_create"),
      plain("thrd_create"),
  };
  // Entries whose fields need more than one helper.
  for (LibcFunction &F : T) {
    llvm::StringRef N = F.Name;
    if (N == "strtok")
      F.ResultAlias = 0;
    else if (N == "strtok_r") {
      F.ResultAlias = 0;
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

} // namespace

const LibcFunction *lookupLibc(llvm::StringRef Name) {
  static const llvm::StringMap<LibcFunction> Map = [] {
    llvm::StringMap<LibcFunction> M;
    for (const LibcFunction &F : table())
      M.try_emplace(F.Name, F);
    return M;
  }();
  auto Exact = Map.find(Name);
  if (Exact != Map.end())
    return &Exact->second;
  // __builtin_memcpy, __builtin___memcpy_chk, __memcpy_chk: the same model.
  Name.consume_front("__builtin_");
  if (Name.consume_back("_chk"))
    Name.consume_front("__");
  auto It = Map.find(Name);
  return It == Map.end() ? nullptr : &It->second;
}

} // namespace cescape::escape
