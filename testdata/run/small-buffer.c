// small-buffer fix-its applied: sizes below and above the buffer, calloc's
// zeroing, a free through an alias, an early return; the program prints the
// same under ASan (stack-use-after-return detection on).
// RUN: %asan %s -o %t.orig && %t.orig > %t.orig.out
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -Xclang -fixit %t.c
// RUN: grep -c '_small\[256\]' %t.c | FileCheck %s --check-prefix=REWRITES --match-full-lines
// REWRITES: 3
// RUN: %asan %t.c -o %t.fixed && %t.fixed > %t.fixed.out
// RUN: diff %t.orig.out %t.fixed.out
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned checksum(const char *text, size_t repeat) {
  size_t len = strlen(text);
  char *buf = malloc(len * repeat + 1);
  unsigned sum = 0;
  if (!buf)
    return 0;
  for (size_t i = 0; i < repeat; i++)
    memcpy(buf + i * len, text, len);
  buf[len * repeat] = 0;
  for (char *c = buf; *c; c++)
    sum = sum * 31 + (unsigned char)*c;
  free(buf);
  return sum;
}

static int histogram_peak(const int *values, int n, int buckets) {
  int *counts = calloc(buckets, sizeof(int));
  int *walk = counts;
  int peak = 0;
  if (!counts)
    return -1;
  for (int i = 0; i < n; i++)
    counts[values[i] % buckets]++;
  for (int b = 0; b < buckets; b++)
    if (counts[b] > counts[peak])
      peak = b;
  if (n == 0) {
    free(walk);
    return -1;
  }
  free(counts);
  return peak;
}

static long sum_squares(int n) {
  long *sq = malloc(n * sizeof(long));
  long total = 0;
  for (int i = 0; i < n; i++)
    sq[i] = (long)i * i;
  for (int i = 0; i < n; i++)
    total += sq[i];
  free(sq);
  return total;
}

int main(void) {
  int values[1000];
  for (int i = 0; i < 1000; i++)
    values[i] = (i * 7919) % 1009;
  printf("%u %u\n", checksum("ab", 3), checksum("escape", 500));
  printf("%d %d %d\n", histogram_peak(values, 1000, 10),
         histogram_peak(values, 1000, 500), histogram_peak(values, 0, 4));
  printf("%ld %ld\n", sum_squares(8), sum_squares(5000));
  return 0;
}
