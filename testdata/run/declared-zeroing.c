// A declared allocator (alloc=zcalloc:zfree) may zero its block, as Redis'
// one-argument zcalloc does: its stack array starts zeroed, and the program
// prints the same after the rewrite even with garbage left on the stack.
// RUN: %asan %s -o %t.orig && %t.orig > %t.orig.out
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -fplugin-arg-cescape-alloc=zcalloc:zfree -Xclang -fixit %t.c
// RUN: grep -q 'int seen_storage\[16\] = {0};' %t.c
// RUN: %asan %t.c -o %t.fixed && %t.fixed > %t.fixed.out
// RUN: diff %t.orig.out %t.fixed.out
#include <stdio.h>
#include <stdlib.h>

void *zcalloc(size_t size);
void zfree(void *p);

static void scribble(void) {
  volatile int junk[64];
  for (int i = 0; i < 64; i++)
    junk[i] = 0x5a5a5a5a;
}

static int count_set(int k) {
  int *seen = zcalloc(16 * sizeof(int));
  int n = 0;
  seen[k & 15] = 1;
  for (int i = 0; i < 16; i++)
    n += seen[i] != 0;
  zfree(seen);
  return n;
}

int main(void) {
  scribble();
  printf("%d\n", count_set(3));
  return 0;
}

// Redis keeps these in zmalloc.c, another unit.
void *zcalloc(size_t size) { return calloc(1, size); }
void zfree(void *p) { free(p); }
