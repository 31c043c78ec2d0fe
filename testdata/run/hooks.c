// curl's allocation hooks: malloc/calloc/free are macros calling global
// function pointers, declared with alloc= (calloc's size from arguments 1
// and 2). Each fix-it rewrites a whole macro invocation; the program
// prints the same under ASan, and the hooks counted fewer calls.
// RUN: %asan %s -o %t.orig && %t.orig > %t.orig.out
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -fplugin-arg-cescape-alloc=hook_malloc:hook_free -fplugin-arg-cescape-alloc=hook_calloc:hook_free:1,2 -Xclang -fixit %t.c
// RUN: grep -c '_storage\[' %t.c | FileCheck %s --check-prefix=REWRITES --match-full-lines
// REWRITES: 2
// RUN: %asan %t.c -o %t.fixed && %t.fixed > %t.fixed.out
// RUN: head -2 %t.orig.out > %t.orig.head && head -2 %t.fixed.out > %t.fixed.head
// RUN: diff %t.orig.head %t.fixed.head
// RUN: FileCheck %s --check-prefix=ORIG < %t.orig.out
// RUN: FileCheck %s --check-prefix=FIXED < %t.fixed.out
// ORIG: hook calls: 4
// FIXED: hook calls: 0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hook_calls;
static void *counting_malloc(size_t n) { hook_calls++; return (malloc)(n); }
static void *counting_calloc(size_t n, size_t s) { hook_calls++; return (calloc)(n, s); }
static void counting_free(void *p) { hook_calls++; (free)(p); }

void *(*hook_malloc)(size_t) = counting_malloc;
void *(*hook_calloc)(size_t, size_t) = counting_calloc;
void (*hook_free)(void *) = counting_free;

#define malloc(size) hook_malloc(size)
#define calloc(nbelem, size) hook_calloc(nbelem, size)
#define free(ptr) hook_free(ptr)

struct point {
  int x, y;
};

static void shout(const char *word) {
  char *line = malloc(64);
  snprintf(line, 64, "%s!", word);
  printf("%s\n", line);
  free(line);
}

static int distance2(int x, int y) {
  struct point *p = calloc(1, sizeof(struct point));
  int d;
  p->x += x;
  p->y += y;
  d = p->x * p->x + p->y * p->y;
  free(p);
  return d;
}

int main(void) {
  shout("escape");
  printf("%d\n", distance2(3, 4));
  printf("hook calls: %d\n", hook_calls);
  return 0;
}
