// Removing free(): a lone statement goes with its line; the body of an
// if/else/loop becomes a null statement, never a dangling `if (c)`.
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -Xclang -fixit %t.c
// RUN: grep -v '^ *//' %t.c | FileCheck %s
// RUN: %clang %libc_include -fsyntax-only -Werror %t.c
#include <libc.h>
int use(const char *);

int guarded(int c) {
  char *p = malloc(4);
  p[0] = 0;
  if (c)
    free(p);
  else
    free(p);
  return use("x");
}
// CHECK: int guarded(int c) {
// CHECK-NEXT:   _Alignas(16) char p_storage[4];
// CHECK-NEXT:   char *p = p_storage;
// CHECK-NEXT:   p[0] = 0;
// CHECK-NEXT:   if (c)
// CHECK-NEXT:     ;
// CHECK-NEXT:   else
// CHECK-NEXT:     ;
// CHECK-NEXT:   return use("x");

int twice(void) {
  char *q = malloc(4);
  q[0] = 1;
  int r = q[0];
  free(q);
  q = malloc(8);
  q[1] = 2;
  r += q[1];
  free(q);
  return r;
}
// Two allocations assigned to one variable: two arrays, two names. Each
// free(q) frees the block whose assignment reaches it, so both go.
// CHECK: int twice(void) {
// CHECK-NEXT:   _Alignas(16) char q_storage[4];
// CHECK-NEXT:   _Alignas(16) char q_storage2[8];
// CHECK-NEXT:   char *q = q_storage;
// CHECK-NEXT:   q[0] = 1;
// CHECK-NEXT:   int r = q[0];
// CHECK-NEXT:   q = q_storage2;
// CHECK-NEXT:   q[1] = 2;
// CHECK-NEXT:   r += q[1];
// CHECK-NEXT:   return r;

int either(int c) {
  char *q = malloc(4);
  if (c)
    q = malloc(8);
  q[0] = 0;
  free(q);
  return c;
}
// Here free(q) may free either block: both stay on the heap, untouched.
// CHECK: int either(int c) {
// CHECK-NEXT:   char *q = malloc(4);
// CHECK-NEXT:   if (c)
// CHECK-NEXT:     q = malloc(8);
// CHECK-NEXT:   q[0] = 0;
// CHECK-NEXT:   free(q);
