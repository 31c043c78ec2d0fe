// -fplugin-arg-cescape-m=2 explains each escape with its flow path, a note
// per step in words: flow: STEP (why) at FILE:line:col, FILE from the root.
// RUN: %cescape_clang -fsyntax-only -fno-caret-diagnostics -fplugin-arg-cescape-m=2 %s 2>&1 | FileCheck %s
#include <libc.h>
char *g;

char *returned(void) {
  char *p = malloc(16);
  char *q = p + 1;
  return q;
}
// CHECK: explain.c:8:13: remark: escapes (return): malloc(16) is returned to the caller at {{.*}}options/explain.c:10:3 [cescape:escape]
// CHECK-NEXT: explain.c:8:13: note: flow: p points to the memory from malloc(16) (allocated) at {{.*}}options/explain.c:8:13
// CHECK-NEXT: explain.c:9:9: note: flow: q points where p points (assign) at {{.*}}options/explain.c:9:9
// CHECK-NEXT: explain.c:10:3: note: flow: q is returned by returned() (return) at {{.*}}options/explain.c:10:3

void stored(void) {
  char *p = malloc(8);
  g = p;
}
// CHECK: explain.c:18:13: remark: escapes (global): malloc(8) is stored in a global at {{.*}}options/explain.c:19:5 [cescape:escape]
// CHECK-NEXT: explain.c:18:13: note: flow: p points to the memory from malloc(8) (allocated)
// CHECK-NEXT: explain.c:19:5: note: flow: p is stored in a global (assign to global) at {{.*}}options/explain.c:19:5

int *dangles(void) {
  int x = 0;
  int *p = &x;
  return p;
}
// CHECK: explain.c:26:7: warning: address of local variable 'x' escapes its frame (return): it is returned to the caller [cescape:dangling]
// CHECK-NEXT: explain.c:28:10: note: the address escapes here (returned)
// CHECK-NEXT: explain.c:27:12: note: flow: p points to x (address-of) at {{.*}}options/explain.c:27:12
// CHECK-NEXT: explain.c:28:3: note: flow: p is returned by dangles() (return) at {{.*}}options/explain.c:28:3
