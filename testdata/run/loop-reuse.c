// Blocks made in a loop and held by a variable declared before it, which
// every iteration assigns before reading (loops.c): the fix-its put one array
// beside the variable, reused by every iteration, and the rewritten program
// prints the same under ASan (use-after-return on).
// RUN: %asan %s -o %t.orig && %t.orig > %t.orig.out
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -Xclang -fixit %t.c
// RUN: grep -v '^//' %t.c | grep -c '_storage[0-9]*\[' | FileCheck %s --check-prefix=REWRITES --match-full-lines
// REWRITES: 3
// RUN: %asan %t.c -o %t.fixed && %t.fixed > %t.fixed.out
// RUN: diff %t.orig.out %t.fixed.out
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Assigned at the top of each iteration, freed at its end. */
static int per_iteration(int rounds) {
  char *line;
  int total = 0;
  for (int i = 0; i < rounds; i++) {
    line = malloc(24);
    snprintf(line, 24, "line %d", i);
    total += (int)strlen(line) * (i + 1);
    free(line);
  }
  return total;
}

/* Freed early on one path, with continue. */
static int with_continue(int rounds) {
  int *v;
  int total = 0;
  while (rounds--) {
    v = calloc(4, sizeof(int));
    v[rounds % 4] = rounds;
    if (rounds % 3 == 0) {
      free(v);
      continue;
    }
    total += v[0] + v[1] + v[2] + v[3];
    free(v);
  }
  return total;
}

/* Never freed; only the last block is read after the loop. */
static int last_one(int rounds) {
  char *last = NULL;
  int i = 0;
  do {
    last = malloc(16);
    memset(last, 'a' + i % 26, 16);
  } while (++i < rounds);
  return last[0] + last[15];
}

int main(void) {
  printf("%d %d %d\n", per_iteration(7), with_continue(10), last_one(5));
  return 0;
}
