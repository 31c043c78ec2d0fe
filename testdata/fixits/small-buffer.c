// small-buffer fix-its: a stack buffer used when the size fits, the heap
// otherwise, and every free skipping the buffer. The size is evaluated
// once more, so it must have no side effects; a constant factor divides the
// buffer's size instead of multiplying the variable (no overflow).
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -Xclang -fixit %t.c
// RUN: grep -v '^ *//' %t.c | FileCheck %s
// RUN: %clang %libc_include -fsyntax-only -Werror %t.c
// RUN: %cescape_clang -fsyntax-only -fdiagnostics-parseable-fixits %s 2>&1 | grep -c '^fix-it:' | FileCheck %s --check-prefix=COUNT
// Three rewrites: 3 + 4 + 3 edits (declaration, call, each free).
// COUNT: {{^}}10{{$}}
#include <libc.h>
int use(__attribute__((noescape)) const void *);
size_t next_size(void);

int bytes(size_t n) {
  char *p = malloc(n);
  int r = use(p);
  free(p);
  return r;
}
// CHECK: int bytes(size_t n) {
// CHECK-NEXT:   _Alignas(16) char p_small[256];
// CHECK-NEXT:   char *p = ((__SIZE_TYPE__)(n) <= sizeof p_small ? (void *)p_small : malloc(n));
// CHECK-NEXT:   int r = use(p);
// CHECK-NEXT:   if (p != (void *)p_small) free(p);
// CHECK-NEXT:   return r;

int zeroed_ints(int count, int c) {
  int *v = calloc(count, sizeof(int));
  int *alias = v;
  int r = use(v);
  if (c)
    free(alias);
  else
    free(v);
  return r;
}
// CHECK: int zeroed_ints(int count, int c) {
// CHECK-NEXT:   _Alignas(16) char v_small[256];
// CHECK-NEXT:   int *v = ((__SIZE_TYPE__)(count) <= sizeof v_small / 4 ? (__builtin_memset(v_small, 0, sizeof v_small), (void *)v_small) : calloc(count, sizeof(int)));
// CHECK-NEXT:   int *alias = v;
// CHECK-NEXT:   int r = use(v);
// CHECK-NEXT:   if (c)
// CHECK-NEXT:     { if (alias != (void *)v_small) free(alias); }
// CHECK-NEXT:   else
// CHECK-NEXT:     { if (v != (void *)v_small) free(v); }
// CHECK-NEXT:   return r;

struct wide {
  _Alignas(32) double d[4];
};

int aligned(size_t n) {
  struct wide *w;
  w = malloc(n * sizeof *w);
  int r = use(w);
  free(w);
  return r;
}
// CHECK: int aligned(size_t n) {
// CHECK-NEXT:   _Alignas(32) char w_small[256];
// CHECK-NEXT:   struct wide *w;
// CHECK-NEXT:   w = ((__SIZE_TYPE__)(n * sizeof *w) <= sizeof w_small ? (void *)w_small : malloc(n * sizeof *w));

// No fix-it: a size with side effects, two sizes that are not constant, a
// free used as a value.
int side_effects(void) {
  char *p = malloc(next_size());
  int r = use(p);
  free(p);
  return r;
}
int two_variables(size_t n, size_t m) {
  char *p = calloc(n, m);
  int r = use(p);
  free(p);
  return r;
}
int free_value(size_t n, int c) {
  char *p = malloc(n);
  int r = use(p);
  r += c ? (free(p), 1) : 0;
  return r;
}
// No fix-it either for a copy (strdup: its size is the string's), an
// over-aligned block, a free whose argument has side effects, or a
// deallocator that takes more than the pointer.
void pool_put(int pool, void *p) __attribute__((ownership_takes(malloc, 2)));
int copy(const char *s) {
  char *p = strdup(s);
  int r = use(p);
  free(p);
  return r;
}
int overaligned(size_t n) {
  char *p = aligned_alloc(64, n);
  int r = use(p);
  free(p);
  return r;
}
int free_side_effect(size_t n) {
  int freed = 0;
  char *p = malloc(n);
  int r = use(p);
  free((freed++, p));
  return r + freed;
}
int two_argument_free(size_t n) {
  char *p = malloc(n);
  int r = use(p);
  pool_put(1, p);
  return r;
}
// CHECK: int side_effects(void) {
// CHECK-NEXT:   char *p = malloc(next_size());
// CHECK: int two_variables(size_t n, size_t m) {
// CHECK-NEXT:   char *p = calloc(n, m);
// CHECK: int free_value(size_t n, int c) {
// CHECK-NEXT:   char *p = malloc(n);
// CHECK: int copy(const char *s) {
// CHECK-NEXT:   char *p = strdup(s);
// CHECK: int overaligned(size_t n) {
// CHECK-NEXT:   char *p = aligned_alloc(64, n);
// CHECK: int free_side_effect(size_t n) {
// CHECK-NEXT:   int freed = 0;
// CHECK-NEXT:   char *p = malloc(n);
// CHECK: int two_argument_free(size_t n) {
// CHECK-NEXT:   char *p = malloc(n);

