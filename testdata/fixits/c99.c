// A C99 unit (git's DEVELOPER=1 builds use -std=gnu99 -pedantic -Werror)
// cannot take _Alignas: the fix-its and messages spell the GNU attribute,
// and the rewritten file still compiles under the same flags.
// RUN: cp %s %t.c && %cescape_clang -std=gnu99 -pedantic -fsyntax-only -Xclang -fixit %t.c 2> %t.err
// RUN: FileCheck %s --check-prefix=MSG < %t.err
// MSG: remark: malloc(64) does not escape: use a stack array '__attribute__((aligned(16))) char p_storage[64]' (64 bytes){{.*}} [cescape:heap-to-stack]
// MSG: remark: 'a' and 'b' of 'struct counters' can share a 64-byte cache line {{.*}}: __attribute__((aligned(64))) on 'b'{{.*}} [cescape:false-sharing]
// RUN: grep -v '^ *//' %t.c | FileCheck %s
// RUN: %clang %libc_include -std=gnu99 -pedantic -Werror -fsyntax-only %t.c
#include <libc.h>
int use(__attribute__((noescape)) const char *);

int fixed(void) {
  char *p = malloc(64);
  int r = use(p);
  free(p);
  return r;
}
// CHECK: __attribute__((aligned(16))) char p_storage[64];

int sized(size_t n) {
  char *q = malloc(n);
  int r = use(q);
  free(q);
  return r;
}
// CHECK: __attribute__((aligned(16))) char q_small[256];

struct counters {
  long a;
  long b;
};
void bump_a(struct counters *c) { __atomic_fetch_add(&c->a, 1, 5); }
void bump_b(struct counters *c) { __atomic_fetch_add(&c->b, 1, 5); }
// CHECK: __attribute__((aligned(64))) long b;
