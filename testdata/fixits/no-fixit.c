// Findings that must not get a fix-it: the allocation or its free inside a
// macro expansion that is more than the call, a free() used as a value, an allocation not stored in a
// variable. The finding itself is still reported. An unnamed struct type
// gets bytes instead of a typed array.
// RUN: %cescape_verify %s
// RUN: %cescape_clang -fsyntax-only -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s --implicit-check-not=fix-it:
#include <libc.h>
int use(__attribute__((noescape)) const char *);

// The call is not the whole invocation, or the invocation holds more than
// the call: the text cannot be replaced.
#define NEW_LOGGED(n) (use("new"), malloc(n))
#define SAME(x) x
#define FREE_AND_NULL(p) \
  do {                   \
    free(p);             \
    (p) = 0;             \
  } while (0)

int in_macro(void) {
  char *p = NEW_LOGGED(16); // expected-remark-re {{NEW_LOGGED(16) does not escape: use a stack array '_Alignas(16) char buf_storage[16]' (16 bytes){{.*}} [cescape:heap-to-stack]}}
  int r = use(p);
  free(p);
  return r;
}

int in_macro_argument(void) {
  char *p = SAME(malloc(16)); // expected-remark {{malloc(16) does not escape: use a stack array '_Alignas(16) char p_storage[16]' (16 bytes), declared beside 'p' (no fix-it) [cescape:heap-to-stack]}}
  int r = use(p);
  free(p);
  return r;
}

int free_in_macro(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array '_Alignas(16) char p_storage[16]' (16 bytes){{.*}} [cescape:heap-to-stack]}}
  int r = use(p);
  FREE_AND_NULL(p);
  return r;
}

int free_as_value(int c) {
  char *p = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  int r = use(p);
  r += c ? (free(p), 1) : 0;
  return r;
}

int not_in_variable(void) {
  return use(malloc(4)); // expected-remark-re {{malloc(4) does not escape{{.*}} [cescape:heap-to-stack]}}
}

int unnamed(void) {
  struct {
    int a, b;
  } *s = malloc(sizeof *s); // expected-remark {{malloc(sizeof *s) does not escape: use a stack array '_Alignas(16) char s_storage[8]' (8 bytes) [cescape:heap-to-stack]}}
  s->a = 1;
  s->b = 2;
  return s->a + s->b;
}
// An unnamed type cannot be spelled: bytes, converted through void *.
// CHECK: fix-it:"{{.*}}no-fixit.c":{[[@LINE-8]]:3-[[@LINE-8]]:3}:"_Alignas(16) char s_storage[8];\n  "
// CHECK: fix-it:"{{.*}}no-fixit.c":{[[@LINE-7]]:10-[[@LINE-7]]:27}:"(void *)s_storage"

// Positive control: in_macro, free_in_macro and free_as_value with a plain
// call, stored in a variable and freed by a statement get their fix-its.
int plain(void) {
  char *p = malloc(16); // expected-remark {{malloc(16) does not escape: use a stack array '_Alignas(16) char p_storage[16]' (16 bytes) [cescape:heap-to-stack]}}
  int r = use(p);
  free(p);
  return r;
}
// CHECK: fix-it:"{{.*}}no-fixit.c":{[[@LINE-5]]:3-[[@LINE-5]]:3}:"_Alignas(16) char p_storage[16];\n  "
// CHECK: fix-it:"{{.*}}no-fixit.c":{[[@LINE-6]]:13-[[@LINE-6]]:23}:"p_storage"
// CHECK: fix-it:"{{.*}}no-fixit.c":{[[@LINE-6]]:18-[[@LINE-5]]:11}:""
