// A call that is exactly one macro invocation is rewritten as that
// invocation: curl's `malloc(n)` (a macro calling the Curl_cmalloc hook),
// a NEW_BUFFER(n) helper macro, a FREE(p) macro, nested macros. The
// program is then compiled again: it must still be valid C.
// RUN: cp %s %t.c && %cescape_clang -fsyntax-only -fplugin-arg-cescape-alloc=Curl_cmalloc:Curl_cfree -fplugin-arg-cescape-alloc=Curl_ccalloc:Curl_cfree:1,2 -Xclang -fixit %t.c
// RUN: grep -v '^ *//' %t.c | FileCheck %s
// RUN: %clang %libc_include -fsyntax-only -Werror %t.c
#include <libc.h>
int use(__attribute__((noescape)) const char *);
extern void *(*Curl_cmalloc)(size_t);
extern void *(*Curl_ccalloc)(size_t, size_t);
extern void (*Curl_cfree)(void *);

#define NEW_BUFFER(n) malloc(n)
#define NEW_LINE() NEW_BUFFER(32)
#define FREE(p) free(p)

int helper_macro(void) {
  char *p = NEW_BUFFER(16);
  int r = use(p);
  FREE(p);
  return r;
}
// CHECK: int helper_macro(void) {
// CHECK-NEXT:   _Alignas(16) char p_storage[16];
// CHECK-NEXT:   char *p = p_storage;
// CHECK-NEXT:   int r = use(p);
// CHECK-NEXT:   return r;

int nested_macro(void) {
  char *p = NEW_LINE();
  int r = use(p);
  free(p);
  return r;
}
// CHECK: int nested_macro(void) {
// CHECK-NEXT:   _Alignas(16) char p_storage[32];
// CHECK-NEXT:   char *p = p_storage;
// CHECK-NEXT:   int r = use(p);
// CHECK-NEXT:   return r;

// What lib/curl_memory.h does.
#undef malloc
#undef free
#define malloc(size) Curl_cmalloc(size)
#define calloc(nbelem, size) Curl_ccalloc(nbelem, size)
#define free(ptr) Curl_cfree(ptr)

struct pair {
  int a, b;
};

int curl_hooks(void) {
  char *line = malloc(64);
  struct pair *q = calloc(1, sizeof(struct pair));
  int r = use(line) + q->a;
  free(line);
  if (q)
    free(q);
  return r;
}
// CHECK: int curl_hooks(void) {
// CHECK-NEXT:   _Alignas(16) char line_storage[64] = {0};
// CHECK-NEXT:   char *line = line_storage;
// CHECK-NEXT:   struct pair q_storage[1] = {0};
// CHECK-NEXT:   struct pair *q = q_storage;
// CHECK-NEXT:   int r = use(line) + q->a;
// CHECK-NEXT:   if (q)
// CHECK-NEXT:     ;
// CHECK-NEXT:   return r;
