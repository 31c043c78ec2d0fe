// Allocator and deallocator wrappers rewritten: each call to xmalloc /
// xcalloc / xstrbuf becomes a stack array, each call to xfree / buf_release
// goes, and the program prints the same under ASan.
// RUN: %asan %s -o %t.orig && %t.orig > %t.orig.out
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -Xclang -fixit %t.c
// RUN: grep -c '_storage\[' %t.c | FileCheck %s --check-prefix=REWRITES --match-full-lines
// REWRITES: 3
// RUN: grep -q 'int counts_storage\[26\] = {0}' %t.c
// RUN: not grep -E '(xfree|buf_release)\((copy|counts|sq)\)' %t.c
// RUN: %asan %t.c -o %t.fixed && %t.fixed > %t.fixed.out
// RUN: diff %t.orig.out %t.fixed.out
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p) {
    fputs("out of memory\n", stderr);
    exit(1);
  }
  return p;
}

static void *xcalloc(size_t count, size_t size) {
  void *p = calloc(count, size);
  if (p == NULL)
    abort();
  return p;
}

static char *xstrbuf(size_t n) { return xmalloc(n); }

static void xfree(void *p) { free(p); }

static void buf_release(char *p) {
  if (p)
    xfree(p);
}

static void print_upper(const char *word) {
  char *copy = xstrbuf(32);
  size_t i;
  for (i = 0; word[i] && i < 31; i++)
    copy[i] = (char)(word[i] >= 'a' && word[i] <= 'z' ? word[i] - 32 : word[i]);
  copy[i] = 0;
  printf("%s\n", copy);
  buf_release(copy);
}

static void letter_counts(const char *text) {
  int *counts = xcalloc(26, sizeof(int));
  for (const char *c = text; *c; c++)
    if (*c >= 'a' && *c <= 'z')
      counts[*c - 'a']++;
  for (int i = 0; i < 26; i++)
    if (counts[i])
      printf("%c=%d ", 'a' + i, counts[i]);
  printf("\n");
  xfree(counts);
}

static int sum_squares(int n) {
  int *sq = xmalloc(16 * sizeof(int));
  int total = 0;
  for (int i = 0; i < 16 && i < n; i++) {
    sq[i] = i * i;
    total += sq[i];
  }
  xfree(sq);
  return total;
}

int main(void) {
  print_upper("escape analysis");
  letter_counts("the quick brown fox jumps over the lazy dog");
  printf("%d\n", sum_squares(10));
  return 0;
}
