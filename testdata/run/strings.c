// Fix-its applied to a runnable program keep its behaviour under ASan.
// RUN: %asan %s -o %t.orig && %t.orig > %t.orig.out
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -Xclang -fixit %t.c
// RUN: grep -c '_storage\[' %t.c | FileCheck %s --check-prefix=REWRITES --match-full-lines
// REWRITES: 4
// RUN: not grep -n '^ *free' %t.c
// RUN: %asan %t.c -o %t.fixed && %t.fixed > %t.fixed.out
// RUN: diff %t.orig.out %t.fixed.out
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t count_vowels(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    n += strchr("aeiou", *s) != NULL;
  return n;
}

static void reverse_words(const char *in) {
  char *buf = malloc(128);
  if (!buf)
    return;
  strncpy(buf, in, 127);
  buf[127] = '\0';
  size_t len = strlen(buf);
  for (size_t i = 0; i < len / 2; i++) {
    char t = buf[i];
    buf[i] = buf[len - 1 - i];
    buf[len - 1 - i] = t;
  }
  printf("%s (%zu vowels)\n", buf, count_vowels(buf));
  free(buf);
}

static int histogram(const char *s) {
  int *counts = calloc(26, sizeof(int));
  for (; *s; s++)
    if (*s >= 'a' && *s <= 'z')
      counts[*s - 'a']++;
  int best = 0;
  for (int i = 1; i < 26; i++)
    if (counts[i] > counts[best])
      best = i;
  printf("most frequent: %c (%d)\n", 'a' + best, counts[best]);
  free(counts);
  return best;
}

struct point {
  double x, y;
};

static double centroid(int n) {
  struct point *pts = malloc(8 * sizeof *pts);
  double sx = 0;
  for (int i = 0; i < 8; i++) {
    pts[i].x = i * n;
    pts[i].y = i;
    sx += pts[i].x;
  }
  free(pts);
  return sx / 8;
}

int main(void) {
  const char *words[] = {"hello world", "escape analysis", "stack not heap"};
  for (int i = 0; i < 3; i++) {
    char *line = malloc(64);
    snprintf(line, 64, "[%d] %s", i, words[i]);
    reverse_words(line);
    histogram(line);
    free(line);
  }
  printf("centroid %.2f\n", centroid(3));
  return 0;
}
