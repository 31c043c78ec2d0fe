// The false-sharing fix-it puts _Alignas(64) before the field to move, and
// the fixed file has no false sharing left. No fix-it where it could do
// harm: a packed struct, a declaration of several fields, a macro.
// RUN: %cescape_clang -target x86_64-linux-gnu -fsyntax-only -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s --check-prefix=HINTS
// RUN: cp %s %t.c && %cescape_clang -target x86_64-linux-gnu -fsyntax-only -Xclang -fixit %t.c
// RUN: grep -v '^ *//' %t.c | FileCheck %s --check-prefix=FIXED
// RUN: %cescape_clang -target x86_64-linux-gnu -fsyntax-only %t.c 2>&1 | FileCheck %s --check-prefix=AFTER
#include <pthread-stub.h>
#define HOT(name) _Atomic long name

struct counters {
  _Atomic long a;
  _Atomic long b;
  _Atomic long c;
};

struct slot {
  long n;
};
struct slot slots[4];
static void *count(void *arg) {
  slots[(long)arg].n++;
  return 0;
}
void start(void) {
  pthread_t t;
  pthread_create(&t, 0, count, 0);
}

struct __attribute__((packed)) wire {
  _Atomic int seq;
  _Atomic int ack;
};

struct pair {
  _Atomic long x, y;
};

struct macro {
  HOT(first);
  HOT(second);
};
// HINTS: fix-it:"{{.*}}false-sharing.c":{13:3-13:3}:"_Alignas(64) "
// HINTS: fix-it:"{{.*}}false-sharing.c":{14:3-14:3}:"_Alignas(64) "
// HINTS: fix-it:"{{.*}}false-sharing.c":{18:3-18:3}:"_Alignas(64) "
// HINTS-NOT: fix-it:
// FIXED:      struct counters {
// FIXED-NEXT:   _Atomic long a;
// FIXED-NEXT:   _Alignas(64) _Atomic long b;
// FIXED-NEXT:   _Alignas(64) _Atomic long c;
// FIXED-NEXT: };
// FIXED:      struct slot {
// FIXED-NEXT:   _Alignas(64) long n;
// FIXED:      struct __attribute__((packed)) wire {
// FIXED-NEXT:   _Atomic int seq;
// FIXED-NEXT:   _Atomic int ack;
// AFTER-NOT: 'struct counters'
// AFTER-NOT: 'struct slot'
// AFTER: remark: 'seq' and 'ack' of 'struct wire'{{.*}} [cescape:false-sharing]
// AFTER: remark: 'x' and 'y' of 'struct pair'{{.*}} [cescape:false-sharing]
// AFTER: remark: 'first' and 'second' of 'struct macro'{{.*}} [cescape:false-sharing]
// AFTER-NOT: remark
