//===- Options.cpp - cescape plugin arguments -----------------------------===//
#include "Options.h"

#include "llvm/ADT/StringRef.h"

using llvm::StringRef;

namespace cescape {

static bool parseSize(StringRef Value, uint64_t &Out) {
  return !Value.empty() && !Value.getAsInteger(10, Out);
}

bool parseOptions(const std::vector<std::string> &Args, Options &Opts,
                  std::string &Error) {
  for (const std::string &Arg : Args) {
    auto [Name, Value] = StringRef(Arg).split('=');
    bool HasValue = StringRef(Arg).contains('=');
    if (Name == "m") {
      if (!HasValue)
        Opts.Verbosity = 1;
      else if (Value == "1" || Value == "2")
        Opts.Verbosity = Value == "1" ? 1 : 2;
      else {
        Error = "invalid value '" + Value.str() + "' for 'm' (expected 1 or 2)";
        return false;
      }
    } else if (Name == "max-stack" || Name == "small-buffer") {
      uint64_t Bytes;
      if (!parseSize(Value, Bytes) || Bytes == 0 || Bytes > (1u << 30)) {
        Error = "invalid value '" + Value.str() + "' for '" + Name.str() +
                "' (expected a number of bytes between 1 and 1073741824)";
        return false;
      }
      (Name == "max-stack" ? Opts.MaxStack : Opts.SmallBuffer) = Bytes;
    } else if (Name == "cacheline") {
      uint64_t Bytes;
      if (!parseSize(Value, Bytes) || Bytes < 16 || Bytes > 4096 ||
          (Bytes & (Bytes - 1))) {
        Error = "invalid value '" + Value.str() +
                "' for 'cacheline' (expected a power of two between 16 and "
                "4096 bytes)";
        return false;
      }
      Opts.CacheLine = Bytes;
    } else if (Name == "db-timeout") {
      uint64_t Millis;
      if (!parseSize(Value, Millis) || Millis > 3600000) {
        Error = "invalid value '" + Value.str() +
                "' for 'db-timeout' (expected milliseconds, at most 3600000)";
        return false;
      }
      Opts.DatabaseTimeout = Millis;
    } else if (Name == "db" || Name == "root") {
      if (Value.empty()) {
        Error = "'" + Name.str() + "' needs a path (" + Name.str() + "=PATH)";
        return false;
      }
      (Name == "db" ? Opts.Database : Opts.Root) = Value.str();
    } else if (Name == "alloc") {
      auto [Alloc, Free] = Value.split(':');
      if (Alloc.empty() || Free.empty() || Free.contains(':')) {
        Error = "invalid value '" + Value.str() +
                "' for 'alloc' (expected ALLOCATOR:DEALLOCATOR, e.g. "
                "alloc=xmalloc:xfree)";
        return false;
      }
      Opts.Allocators.push_back({Alloc.str(), Free.str()});
    } else {
      Error = "unknown argument '" + Arg + "'";
      return false;
    }
  }
  return true;
}

const char *optionsHelp() {
  return "cescape plugin arguments (-fplugin-arg-cescape-<arg>):\n"
         "  m               also report escaping allocations and their reason\n"
         "  m=2             also explain each escape with its flow path\n"
         "  max-stack=N     largest stack array suggested, bytes (4096)\n"
         "  small-buffer=N  stack buffer for variable sizes, bytes (256)\n"
         "  alloc=A:F       treat A as an allocator whose blocks F frees\n"
         "  cacheline=N     cache line for false sharing, bytes (target's: "
         "64,\n"
         "                  128 on aarch64 and ppc64)\n"
         "  db=PATH         record findings in this SQLite database\n"
         "  root=DIR        store paths relative to DIR (default: nearest "
         ".git)\n"
         "  db-timeout=MS   wait this long for other writers (30000)\n";
}

} // namespace cescape
