// fixits= picks the rules whose fix-its reach the compiler (and so
// -Xclang -fixit); the database keeps every rule's.
// RUN: %cescape_clang -fsyntax-only -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s --check-prefix=ALL
// ALL: fix-it:{{.*}}"_Alignas(16) char p_storage[64];
// ALL: fix-it:{{.*}}"_Alignas(16) char q_small[256];
// ALL: fix-it:{{.*}}"_Alignas(64) "
// RUN: %cescape_clang -fsyntax-only -fplugin-arg-cescape-fixits=heap-to-stack,small-buffer -fdiagnostics-parseable-fixits %s 2>&1 | grep '^fix-it:' | FileCheck %s --check-prefix=ALLOC --implicit-check-not=_Alignas(64)
// ALLOC: fix-it:{{.*}}"_Alignas(16) char p_storage[64];
// ALLOC: fix-it:{{.*}}"_Alignas(16) char q_small[256];
// RUN: %cescape_clang -fsyntax-only -fplugin-arg-cescape-fixits=false-sharing -fdiagnostics-parseable-fixits %s 2>&1 | grep '^fix-it:' | FileCheck %s --check-prefix=LAYOUT --implicit-check-not=_storage --implicit-check-not=_small
// LAYOUT: fix-it:{{.*}}"_Alignas(64) "
// RUN: rm -f %t.db
// RUN: %cescape_clang -fsyntax-only -fplugin-arg-cescape-fixits=none -fplugin-arg-cescape-db=%t.db -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not=fix-it:
// NONE: remark: malloc(64) does not escape{{.*}} [cescape:heap-to-stack]
// RUN: sqlite3 %t.db "SELECT rule, count(*) FROM fixits JOIN findings ON findings.id = finding_id GROUP BY rule ORDER BY rule" | FileCheck %s --check-prefix=DB
// DB:      false-sharing|1
// DB-NEXT: heap-to-stack|3
// DB-NEXT: small-buffer|3
#include <libc.h>
int use(__attribute__((noescape)) const char *);

int both(size_t n) {
  char *p = malloc(64), *q = malloc(n);
  int r = use(p) + use(q);
  free(q);
  free(p);
  return r;
}

struct counters {
  _Atomic long a;
  _Atomic long b;
};
