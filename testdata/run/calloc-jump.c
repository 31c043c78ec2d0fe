// calloc storage that a jump (a case label, a forward goto) could reach
// without passing its declaration is zeroed at the call instead of with
// `= {0}`; the rewritten program prints the same under ASan.
// RUN: %asan %s -o %t.orig && %t.orig > %t.orig.out
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -Xclang -fixit %t.c
// RUN: grep -v '^//' %t.c | grep -c '__builtin_memset(' | FileCheck %s --check-prefix=ZEROED --match-full-lines
// ZEROED: 2
// RUN: %asan %t.c -o %t.fixed && %t.fixed > %t.fixed.out
// RUN: diff %t.orig.out %t.fixed.out
#include <stdio.h>
#include <stdlib.h>

static int sum(int k) {
  int s = 0;
  switch (k) {
  case 0:
    s = 100;
    char *p;
  case 1:
    p = calloc(16, 1);
    for (int i = 0; i < 16; i++)
      s += p[i];
    p[3] = 7;
    free(p);
  }
  return s;
}

static int skipped(int k) {
  int s = 0;
  if (k)
    goto counted;
  s = 1;
  int *q;
counted:
  q = calloc(4, sizeof(int));
  s += q[0] + q[1] + q[2] + q[3];
  q[0] = 5;
  free(q);
  return s;
}

int main(void) {
  for (int r = 0; r < 3; r++)
    printf("%d %d\n", sum(1), skipped(1));
  return 0;
}
