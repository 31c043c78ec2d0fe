// A local that first holds a parameter and later a fresh block
// (escape/definitions.c): the fix-its put the block on the stack, and the
// rewritten program prints the same under ASan (use-after-return on), the
// parameter still kept where it was.
// RUN: %asan %s -o %t.orig && %t.orig > %t.orig.out
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -Xclang -fixit %t.c
// RUN: grep -v '^//' %t.c | grep -c '_storage[0-9]*\[' | FileCheck %s --check-prefix=REWRITES --match-full-lines
// REWRITES: 2
// RUN: %asan %t.c -o %t.fixed && %t.fixed > %t.fixed.out
// RUN: diff %t.orig.out %t.fixed.out
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *last_name;

/* Keeps the name, then formats into a scratch block of its own. */
static int label_length(const char *name, int n) {
  char *s = (char *)name;
  last_name = s;
  s = malloc(32);
  snprintf(s, 32, "%s-%d", name, n);
  int len = (int)strlen(s);
  free(s);
  return len;
}

/* The same variable used for both. */
static int twice(const char *name) {
  char *p = (char *)name;
  int first = (int)strlen(p);
  last_name = p;
  p = malloc(64);
  snprintf(p, 64, "%s%s", name, name);
  int second = (int)strlen(p);
  free(p);
  return first + second;
}

int main(void) {
  printf("%d\n", label_length("alpha", 7));
  printf("%d %s\n", twice("beta"), last_name);
  return 0;
}
