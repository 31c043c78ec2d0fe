// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// Nothing is reported inside system headers (line markers with flag 3 make
// a region of this file one), but what their functions do with arguments
// is still known to callers in the main file, and an allocation spelled by
// a system-header macro is reported where the macro is used.

#include <libc.h>

# 1 "fake_sys.h" 1 3
// A system header: its allocations are not reported, whatever they do
// (positive controls: the same code in the main file, calls_sys_scratch()
// and uses_sys_macro_escaping()).
extern char *__sys_saved;
static inline char *__sys_dup16(void) { return malloc(16); }
static inline void __sys_scratch(void) {
  char *__p = malloc(32);
  __p[0] = 0;
  free(__p);
}
static inline void __sys_keep(char *__s) { __sys_saved = __s; }
static inline size_t __sys_len(const char *__s) { return strlen(__s); }
static inline void __sys_leak_big(void) { __sys_saved = malloc(1 << 20); }
#define SYS_ALLOC(n) malloc(n)
#define SYS_KEEP_NEW(n) (__sys_saved = malloc(n))
# 28 "system-header.c" 2

// A system-header function that keeps its argument: escapes (call),
// reported here in the main file.
void calls_sys_keep(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (call): malloc(16) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  __sys_keep(p);
}

// A system-header function that only reads: stack.
size_t calls_sys_len(void) {
  char *p = malloc(16); // expected-remark {{malloc(16) does not escape: use a stack array '_Alignas(16) char p_storage[16]' (16 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  size_t n = __sys_len(p);
  free(p);
  return n;
}

// A system-header function that returns a fresh block is an allocator: the
// call in the main file is the allocation site, reported here.
size_t uses_sys_dup(void) {
  char *p = __sys_dup16(); // expected-remark {{__sys_dup16() does not escape: use a stack array '_Alignas(16) char p_storage[16]' (16 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  return strlen(p);
}

// A system-header macro used in the main file: reported at the use.
void uses_sys_macro(void) {
  char *p = SYS_ALLOC(24); // expected-remark {{does not escape: use a stack array '_Alignas(16) char p_storage[24]' (24 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  free(p);
}

void uses_sys_macro_escaping(void) {
  SYS_KEEP_NEW(24); // expected-remark-re {{escapes (global){{.*}} [cescape:escape]}}
}

// The main file's own allocation next to the system-header calls.
void calls_sys_scratch(void) {
  __sys_scratch();
  __sys_leak_big();
  char *q = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  free(q);
}
