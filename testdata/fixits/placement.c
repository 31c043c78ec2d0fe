// The storage array goes into the scope of the pointer's declaration, not
// into the block of the malloc call, and the pointer stays a pointer.
// RUN: %cescape_clang -fsyntax-only -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s --check-prefix=HINTS
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -Xclang -fixit %t.c
// RUN: grep -v '^ *//' %t.c | FileCheck %s --check-prefix=FIXED
// RUN: %clang %libc_include -fsyntax-only -Werror -Wno-unused-but-set-variable %t.c
#include <libc.h>
int use(__attribute__((noescape)) const char *);

int scoped(int x) {
  char *p = 0;
  if (x) {
    p = malloc(16);
    p[0] = 'a';
  }
  int r = p ? use(p) : 0;
  free(p);
  return r;
}
// HINTS: fix-it:"{{.*}}placement.c":{11:3-11:3}:"_Alignas(16) char p_storage[16];\n  "
// HINTS: fix-it:"{{.*}}placement.c":{13:9-13:19}:"p_storage"
// FIXED: int scoped(int x) {
// FIXED-NEXT:   _Alignas(16) char p_storage[16];
// FIXED-NEXT:   char *p = 0;
// FIXED-NEXT:   if (x) {
// FIXED-NEXT:     p = p_storage;
// FIXED-NEXT:     p[0] = 'a';
// FIXED-NEXT:   }
// FIXED-NEXT:   int r = p ? use(p) : 0;
// FIXED-NEXT:   return r;
// FIXED-NEXT: }

// A parameter reassigned to the block: the array goes to the top of the
// body, and free(buf) goes (only the block's assignment reaches it).
int reuse(char *buf) {
  int n = buf[0];
  buf = malloc(32);
  buf[1] = (char)n;
  n = use(buf);
  free(buf);
  return n;
}
// FIXED: int reuse(char *buf) {
// FIXED-NEXT:   _Alignas(16) char buf_storage[32];
// FIXED-NEXT:   int n = buf[0];
// FIXED-NEXT:   buf = buf_storage;

// An outer variable receives the block from an inner one: the array goes
// with the outer one.
int outer(void) {
  char *keep;
  {
    char *tmp = malloc(8);
    tmp[0] = 0;
    keep = tmp;
  }
  return use(keep);
}
// FIXED: int outer(void) {
// FIXED-NEXT:   _Alignas(16) char tmp_storage[8];
// FIXED-NEXT:   char *keep;
// FIXED-NEXT:   {
// FIXED-NEXT:     char *tmp = tmp_storage;
