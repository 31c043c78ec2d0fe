// Inlined calls at -O2: each frame of an allocation's location is the
// concrete chain of calls, innermost first (make inlined into twice,
// inlined into outer), each at its call's line; the caller that did not
// inline them comes next. The sample count is exact with --rate 1.
//
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/inlined.c && cd %t
// RUN: %clang -g -O2 -fno-optimize-sibling-calls inlined.c -o inlined
// RUN: %cescape profile --rate 1 -o %t/inlined.pb.gz -- ./inlined
// RUN: go tool pprof -raw %t/inlined.pb.gz 2>/dev/null | FileCheck %s
// RUN: go tool pprof -sample_index=alloc_objects -top %t/inlined.pb.gz 2>/dev/null | FileCheck %s --check-prefix=TOP
//
// TOP: 5 {{.*}} make
#include <stdlib.h>
#include <string.h>

void *volatile sink[8];

static inline char *make(size_t n) {
  // CHECK: Locations
  // CHECK: M=1 make {{.*}}inlined.c:[[#@LINE+1]] s=0
  char *p = malloc(n);
  if (p)
    memset(p, 1, n);
  return p;
}

static inline char *twice(size_t n) {
  // CHECK-NEXT: twice {{.*}}inlined.c:[[#@LINE+1]] s=0
  char *p = make(n);
  return p;
}

__attribute__((noinline)) static char *outer(size_t n) {
  // CHECK-NEXT: outer {{.*}}inlined.c:[[#@LINE+1]] s=0
  char *p = twice(n);
  return p;
}

int main(int argc, char **argv) {
  (void)argv;
  for (int i = 0; i < 5; i++)
    // CHECK-NEXT: M=1 main {{.*}}inlined.c:[[#@LINE+1]] s=0
    sink[i] = outer((size_t)argc * 32);
  for (int i = 0; i < 5; i++)
    free(sink[i]);
  return 0;
}
