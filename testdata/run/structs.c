// A struct built on the heap and filled through a helper; the fix-it types
// the array as the pointee and the program behaves the same under ASan.
// RUN: %asan %s -o %t.orig && %t.orig > %t.orig.out
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -Xclang -fixit %t.c
// RUN: grep -c '_storage\[' %t.c | FileCheck %s --check-prefix=REWRITES --match-full-lines
// REWRITES: 3
// RUN: grep -q 'struct counter c_storage\[1\]' %t.c
// RUN: grep -q '_Alignas(64) char a_storage\[128\]' %t.c
// RUN: %asan %t.c -o %t.fixed && %t.fixed > %t.fixed.out
// RUN: diff %t.orig.out %t.fixed.out
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct counter {
  const char *name;
  long hits;
  char *scratch;
};

static void bump(struct counter *c, int by) {
  c->hits += by;
  c->scratch[0] = (char)('0' + c->hits % 10);
}

static long run(int rounds) {
  struct counter *c = malloc(sizeof *c);
  char *scratch = malloc(16);
  c->name = "run";
  c->hits = 0;
  c->scratch = scratch;
  for (int i = 0; i < rounds; i++)
    bump(c, i);
  printf("%s: %ld (%c)\n", c->name, c->hits, c->scratch[0]);
  long hits = c->hits;
  free(scratch);
  free(c);
  return hits;
}

static unsigned aligned(void) {
  char *a = aligned_alloc(64, 128);
  memset(a, 7, 128);
  unsigned sum = 0;
  for (int i = 0; i < 128; i++)
    sum += (unsigned char)a[i];
  printf("aligned: %u\n", sum);
  free(a);
  return sum;
}

int main(void) {
  long total = 0;
  for (int r = 1; r < 5; r++)
    total += run(r);
  printf("total %ld\n", total);
  aligned();
  return 0;
}
