// Fix-its whose storage goes into an outer scope, to the top of the body for
// a parameter, into a loop body, and that remove frees guarded by if: the
// rewritten program prints the same under ASan (use-after-return on).
// RUN: %asan %s -o %t.orig && %t.orig > %t.orig.out
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -Xclang -fixit %t.c
// RUN: grep -v '^//' %t.c | grep -c '_storage[0-9]*\[' | FileCheck %s --check-prefix=REWRITES --match-full-lines
// REWRITES: 5
// RUN: %asan %t.c -o %t.fixed && %t.fixed > %t.fixed.out
// RUN: diff %t.orig.out %t.fixed.out
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int checksum(const char *s, size_t n) {
  int sum = 0;
  for (size_t i = 0; i < n; i++)
    sum = sum * 31 + s[i];
  return sum;
}

/* The block is made in an inner block and read after it ends. */
static int outer_holder(int x) {
  char *keep = NULL;
  if (x > 0) {
    char *tmp = malloc(32);
    memset(tmp, 'a' + x, 32);
    keep = tmp;
  }
  return keep ? checksum(keep, 32) : -1;
}

/* A parameter reassigned to the block. */
static int param_holder(const char *src, size_t n) {
  int before = checksum(src, n);
  src = malloc(16);
  memset((char *)src, 'z', 16);
  return before ^ checksum(src, 16);
}

/* A block per loop iteration, freed in the iteration. */
static int per_iteration(int rounds) {
  int total = 0;
  for (int i = 0; i < rounds; i++) {
    int *v = calloc(8, sizeof(int));
    for (int j = 0; j < 8; j++)
      v[j] = i * j;
    total += v[7];
    if (total % 2)
      free(v);
    else
      free(v);
  }
  return total;
}

struct pair {
  long a, b;
};

/* A struct block and a second block reusing the same pointer, never freed. */
static long structs(void) {
  struct pair *p = malloc(sizeof *p);
  p->a = 40;
  p->b = 2;
  long r = p->a + p->b;
  p = malloc(2 * sizeof *p);
  p[1].a = r;
  return p[1].a * 2;
}

int main(void) {
  printf("outer %d %d\n", outer_holder(3), outer_holder(0));
  printf("param %d\n", param_holder("hello", 5));
  printf("loop %d\n", per_iteration(5));
  printf("structs %ld\n", structs());
  return 0;
}
