// RUN: %cescape_verify -fplugin-arg-cescape-m -Xclang -verify=expected,default %s
// RUN: %cescape_verify -fplugin-arg-cescape-m -fplugin-arg-cescape-max-stack=1024 -fplugin-arg-cescape-small-buffer=128 -Xclang -verify=expected,small %s
//
// Sizes of non-escaping allocations. A size that folds to a constant
// (sizeof, constant arithmetic, locals that are never reassigned) between 1
// and max-stack (4096 by default) gives heap-to-stack with the exact byte
// count; a size that is not constant gives small-buffer; zero bytes, more
// than max-stack, page alignment (valloc) or an alignment that is not a
// constant power of two keep the block on the heap, reason (size).
//
// `expected-` lines hold for both runs; `default-` only for the default
// options; `small-` only for max-stack=1024 small-buffer=128.

#include <libc.h>

struct point {
  int x, y;
};

struct msg {
  int len;
  char data[]; // flexible array member
};

enum { ENUM_SIZE = 48 };
#define MACRO_SIZE 96
static const size_t const_global_size = 40;
size_t global_size = 40;

//===----------------------------------------------------------------------===//
// Constant folding.
//===----------------------------------------------------------------------===//

// A literal.
void literal(void) {
  char *p = malloc(64); // expected-remark {{malloc(64) does not escape: use a stack array '_Alignas(16) char p_storage[64]' (64 bytes) [cescape:heap-to-stack]}}
  free(p);
}

// sizeof and arithmetic.
void arithmetic(void) {
  int *a = malloc(sizeof(int) * 10); // expected-remark {{malloc(sizeof(int) * 10) does not escape: use a stack array 'int a_storage[10]' (40 bytes) [cescape:heap-to-stack]}}
  char *b = malloc(8 + 8 * 4); // expected-remark {{malloc(8 + 8 * 4) does not escape: use a stack array '_Alignas(16) char b_storage[40]' (40 bytes) [cescape:heap-to-stack]}}
  char *c = malloc((1 << 6) - 1); // expected-remark {{malloc((1 << 6) - 1) does not escape: use a stack array '_Alignas(16) char c_storage[63]' (63 bytes) [cescape:heap-to-stack]}}
  char *d = malloc(100 / 3 % 7); // expected-remark {{(5 bytes) [cescape:heap-to-stack]}}
  free(a);
  free(b);
  free(c);
  free(d);
}

// An enumerator, a macro and a const global.
void named_constants(void) {
  char *e = malloc(ENUM_SIZE); // expected-remark {{malloc(ENUM_SIZE) does not escape: use a stack array '_Alignas(16) char e_storage[48]' (48 bytes) [cescape:heap-to-stack]}}
  char *m = malloc(MACRO_SIZE); // expected-remark {{malloc(MACRO_SIZE) does not escape: use a stack array '_Alignas(16) char m_storage[96]' (96 bytes) [cescape:heap-to-stack]}}
  char *c = malloc(const_global_size); // expected-remark {{(40 bytes) [cescape:heap-to-stack]}}
  free(e);
  free(m);
  free(c);
}

// A non-const global can change at any time: not constant.
void global_variable_size(void) {
  char *p = malloc(global_size); // default-remark {{malloc(global_size) does not escape but its size is not constant: use a 256-byte stack buffer and fall back to the heap when it is larger [cescape:small-buffer]}} small-remark-re {{malloc(global_size) does not escape but its size is not constant: use a 128-byte stack buffer{{.*}} [cescape:small-buffer]}}
  free(p);
}

// A local that is never reassigned holds its initializer.
void never_reassigned(void) {
  size_t n = 64;
  char *p = malloc(n); // expected-remark {{malloc(n) does not escape: use a stack array '_Alignas(16) char p_storage[64]' (64 bytes) [cescape:heap-to-stack]}}
  p[n - 1] = 0;
  free(p);
}

// A chain of such locals, with a cast.
void chain_of_locals(void) {
  int count = 4;
  size_t each = sizeof(struct point);
  size_t total = (size_t)count * each;
  struct point *pts = malloc(total); // expected-remark {{malloc(total) does not escape: use a stack array 'struct point pts_storage[4]' (32 bytes) [cescape:heap-to-stack]}}
  pts[3].x = 0;
  free(pts);
}

// A reassigned local is not a constant.
void reassigned(int c) {
  size_t n = 64;
  if (c)
    n = 128;
  char *p = malloc(n); // default-remark-re {{malloc(n) does not escape but its size is not constant: use a 256-byte stack buffer{{.*}} [cescape:small-buffer]}} small-remark-re {{use a 128-byte stack buffer{{.*}} [cescape:small-buffer]}}
  free(p);
}

// Reassigned after the allocation: the analysis does not reason about order.
void reassigned_after(void) {
  size_t n = 64;
  char *p = malloc(n); // default-remark-re {{malloc(n) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{malloc(n) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  n += 8;
  p[0] = (char)n;
  free(p);
}

// Incremented.
void incremented(void) {
  size_t n = 64;
  ++n;
  char *p = malloc(n); // default-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}}
  free(p);
}

// Changed through a pointer to it.
void through_pointer(void) {
  size_t n = 64;
  size_t *pn = &n;
  *pn = 100000;
  char *p = malloc(n); // default-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}}
  free(p);
}

// Read by sscanf.
void scanned(const char *s) {
  size_t n = 16;
  sscanf(s, "%zu", &n);
  char *p = malloc(n); // default-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}}
  free(p);
}

// A volatile local may change behind the compiler's back.
void volatile_size(void) {
  volatile size_t n = 64;
  char *p = malloc(n); // default-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}}
  free(p);
}

// A local initialised from a parameter.
void from_param_local(size_t len) {
  const size_t n = len + 1;
  char *p = malloc(n); // default-remark-re {{malloc(n) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{malloc(n) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  free(p);
}

// A parameter size.
void param_size(size_t len) {
  char *p = malloc(len); // default-remark {{malloc(len) does not escape but its size is not constant: use a 256-byte stack buffer and fall back to the heap when it is larger [cescape:small-buffer]}} small-remark {{malloc(len) does not escape but its size is not constant: use a 128-byte stack buffer and fall back to the heap when it is larger [cescape:small-buffer]}}
  free(p);
}

// A condition that is not constant picks the size.
void conditional_size(int c) {
  char *p = malloc(c ? 16 : 32); // default-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}}
  char *q = malloc(1 ? 16 : 32); // expected-remark {{malloc(1 ? 16 : 32) does not escape: use a stack array '_Alignas(16) char q_storage[16]' (16 bytes) [cescape:heap-to-stack]}}
  free(p);
  free(q);
}

// Unsigned wrap-around is not a small constant.
void wraps(void) {
  size_t n = 64;
  char *p = malloc(n - 100); // default-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}}
  free(p);
}

// A variable length array type in sizeof.
void vla_sizeof(int m) {
  char *p = malloc(sizeof(char[m])); // default-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}}
  free(p);
}

//===----------------------------------------------------------------------===//
// The stack limit.
//===----------------------------------------------------------------------===//

// Exactly max-stack is allowed; with max-stack=1024 it is too big.
void exactly_limit(void) {
  char *p = malloc(4096); // default-remark {{malloc(4096) does not escape: use a stack array '_Alignas(16) char p_storage[4096]' (4096 bytes) [cescape:heap-to-stack]}} small-remark {{escapes (size): malloc(4096) is 4096 bytes, more than max-stack=1024 [cescape:escape]}}
  free(p);
}

// One byte more.
void over_limit(void) {
  char *p = malloc(4097); // expected-remark-re {{escapes (size): malloc(4097) is 4097 bytes, more than max-stack={{.*}} [cescape:escape]}}
  free(p);
}

// 1024 is the second run's limit.
void second_limit(void) {
  char *a = malloc(1024); // expected-remark {{malloc(1024) does not escape: use a stack array '_Alignas(16) char a_storage[1024]' (1024 bytes) [cescape:heap-to-stack]}}
  char *b = malloc(1025); // default-remark-re {{malloc(1025) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}} small-remark {{escapes (size): malloc(1025) is 1025 bytes, more than max-stack=1024 [cescape:escape]}}
  free(a);
  free(b);
}

// Far too big.
void huge(void) {
  char *p = malloc(1 << 20); // default-remark {{escapes (size): malloc(1 << 20) is 1048576 bytes, more than max-stack=4096 [cescape:escape]}} small-remark {{escapes (size): malloc(1 << 20) is 1048576 bytes, more than max-stack=1024 [cescape:escape]}}
  free(p);
}

// (size_t)-1 is a constant too: far more than max-stack, not "not constant".
void all_ones(void) {
  char *p = malloc((size_t)-1); // expected-remark-re {{escapes (size): malloc((size_t)-1){{.*}} [cescape:escape]}}
  free(p);
}

// Zero bytes: malloc(0) may return NULL or a unique pointer; a zero-length
// array is not valid C.
void zero(void) {
  char *p = malloc(0); // expected-remark {{escapes (size): malloc(0) allocates zero bytes [cescape:escape]}}
  char *q = calloc(0, 8); // expected-remark {{escapes (size): calloc(0, 8) allocates zero bytes [cescape:escape]}}
  free(p);
  free(q);
}

// Escaping wins over the size: the reason names where it goes.
char *big_and_returned(void) {
  return malloc(8192); // expected-remark-re {{escapes (return): malloc(8192) is returned to the caller{{.*}} [cescape:escape]}}
}

//===----------------------------------------------------------------------===//
// calloc: count * size, zero-initialised.
//===----------------------------------------------------------------------===//

void callocs(void) {
  int *a = calloc(10, sizeof(int)); // expected-remark {{calloc(10, sizeof(int)) does not escape: use a stack array 'int a_storage[10] = {0}' (40 bytes) [cescape:heap-to-stack]}}
  char *b = calloc(16, 8); // expected-remark {{calloc(16, 8) does not escape: use a stack array '_Alignas(16) char b_storage[128] = {0}' (128 bytes) [cescape:heap-to-stack]}}
  long *c = calloc(2048, sizeof(long)); // expected-remark-re {{escapes (size): calloc(2048, sizeof(long)) is 16384 bytes, more than max-stack={{.*}} [cescape:escape]}}
  free(a);
  free(b);
  free(c);
}

void calloc_variable_count(size_t n) {
  int *a = calloc(n, sizeof(int)); // default-remark-re {{calloc(n, sizeof(int)) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{calloc(n, sizeof(int)) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  free(a);
}

//===----------------------------------------------------------------------===//
// Alignment.
//===----------------------------------------------------------------------===//

// aligned_alloc keeps its alignment in the suggestion.
void aligned(void) {
  char *p = aligned_alloc(64, 128); // expected-remark {{aligned_alloc(64, 128) does not escape: use a stack array '_Alignas(64) char p_storage[128]' (128 bytes) [cescape:heap-to-stack]}}
  char *q = memalign(32, 64); // expected-remark {{memalign(32, 64) does not escape: use a stack array '_Alignas(32) char q_storage[64]' (64 bytes) [cescape:heap-to-stack]}}
  free(p);
  free(q);
}

// posix_memalign: alignment and size from its second and third arguments.
int posix_aligned(void) {
  void *p;
  posix_memalign(&p, 64, 256); // expected-remark-re {{posix_memalign(&p, 64, 256) does not escape: use a stack array '_Alignas(64) char{{.*}} [cescape:heap-to-stack]}}
  int r = *(char *)p;
  free(p);
  return r;
}

void posix_aligned_big(void) {
  void *p;
  posix_memalign(&p, 64, 8192); // expected-remark-re {{escapes (size): posix_memalign(&p, 64, 8192) is 8192 bytes, more than max-stack={{.*}} [cescape:escape]}}
  free(p);
}

// An alignment that is not a constant.
void aligned_variable(size_t align) {
  char *p = aligned_alloc(align, 128); // expected-remark-re {{escapes (size): aligned_alloc(align, 128) has an alignment that is not a constant power of two{{.*}} [cescape:escape]}}
  free(p);
}

// An alignment that is not a power of two (clang warns too).
void aligned_not_power(void) {
  // expected-warning@+1 {{requested alignment is not a power of 2}}
  char *p = aligned_alloc(48, 96); // expected-remark-re {{escapes (size): aligned_alloc(48, 96) has an alignment that is not a constant power of two{{.*}} [cescape:escape]}}
  free(p);
}

// An alignment larger than a page.
void aligned_huge(void) {
  char *p = aligned_alloc(8192, 64); // expected-remark {{escapes (size): aligned_alloc(8192, 64) has an alignment that is not a constant power of two up to 4096 [cescape:escape]}}
  free(p);
}

// An aligned block whose size is not constant.
void aligned_variable_size(size_t n) {
  char *p = aligned_alloc(64, n); // default-remark-re {{aligned_alloc(64, n) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{aligned_alloc(64, n) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  free(p);
}

// Page-aligned allocators.
void page_aligned(void) {
  char *p = valloc(64); // expected-remark {{escapes (size): valloc(64) needs page alignment [cescape:escape]}}
  char *q = pvalloc(64); // expected-remark {{escapes (size): pvalloc(64) needs page alignment [cescape:escape]}}
  free(p);
  free(q);
}

//===----------------------------------------------------------------------===//
// strdup / strndup: the size comes from the string.
//===----------------------------------------------------------------------===//

void dup_literal(void) {
  char *p = strdup("hello"); // expected-remark-re {{strdup("hello") does not escape: use a stack array '_Alignas(16) char p_storage[6]' (6 bytes){{.*}} [cescape:heap-to-stack]}}
  char *q = strdup(""); // expected-remark-re {{strdup("") does not escape: use a stack array '_Alignas(16) char q_storage[1]' (1 bytes){{.*}} [cescape:heap-to-stack]}}
  char *r = strdup("ab\0cd"); // expected-remark-re {{(3 bytes){{.*}} [cescape:heap-to-stack]}}
  char *s = strndup("hello", 3); // expected-remark-re {{strndup("hello", 3) does not escape: use a stack array '_Alignas(16) char s_storage[4]' (4 bytes){{.*}} [cescape:heap-to-stack]}}
  char *t = strndup("hi", 10); // expected-remark-re {{(3 bytes){{.*}} [cescape:heap-to-stack]}}
  free(p);
  free(q);
  free(r);
  free(s);
  free(t);
}

void dup_variable(const char *src, size_t n) {
  char *p = strdup(src); // default-remark-re {{strdup(src) does not escape but its size is not constant: use a 256-byte stack buffer{{.*}} [cescape:small-buffer]}} small-remark-re {{strdup(src) does not escape but its size is not constant: use a 128-byte stack buffer{{.*}} [cescape:small-buffer]}}
  char *q = strndup("hello", n); // default-remark-re {{strndup("hello", n) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{strndup("hello", n) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  free(p);
  free(q);
}

//===----------------------------------------------------------------------===//
// The storage type follows the pointer.
//===----------------------------------------------------------------------===//

void typed_storage(void) {
  struct point *pt = malloc(sizeof(struct point)); // expected-remark {{malloc(sizeof(struct point)) does not escape: use a stack array 'struct point pt_storage[1]' (8 bytes) [cescape:heap-to-stack]}}
  struct point *arr = malloc(3 * sizeof *arr); // expected-remark {{malloc(3 * sizeof *arr) does not escape: use a stack array 'struct point arr_storage[3]' (24 bytes) [cescape:heap-to-stack]}}
  double *d = malloc(3 * sizeof(double)); // expected-remark {{malloc(3 * sizeof(double)) does not escape: use a stack array 'double d_storage[3]' (24 bytes) [cescape:heap-to-stack]}}
  void *v = malloc(24); // expected-remark {{malloc(24) does not escape: use a stack array '_Alignas(16) char v_storage[24]' (24 bytes) [cescape:heap-to-stack]}}
  pt->x = arr[2].y = 0;
  free(pt);
  free(arr);
  free(d);
  free(v);
}

// A size that is not a multiple of the pointee: a char array keeps
// malloc's alignment.
void odd_size(void) {
  int *a = malloc(10); // expected-remark {{malloc(10) does not escape: use a stack array '_Alignas(16) char a_storage[10]' (10 bytes) [cescape:heap-to-stack]}}
  free(a);
}

// A struct with a flexible array member: the array cannot be typed as the
// struct, the bytes are char with malloc's alignment.
void flexible(void) {
  struct msg *m = malloc(sizeof *m + 32); // expected-remark {{malloc(sizeof *m + 32) does not escape: use a stack array '_Alignas(16) char m_storage[36]' (36 bytes) [cescape:heap-to-stack]}}
  m->len = 32;
  m->data[31] = 0;
  free(m);
}

void flexible_variable(size_t n) {
  struct msg *m = malloc(sizeof *m + n); // default-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}} small-remark-re {{size is not constant{{.*}} [cescape:small-buffer]}}
  m->len = (int)n;
  free(m);
}

// A constant beyond 2^62 bytes is named as such, not as a wrong number.
void huge_constant(void) {
  char *p = malloc(~(size_t)0 / 2); // expected-remark-re {{escapes (size): malloc(~(size_t)0 / 2) is a huge number of bytes, more than max-stack{{.*}} [cescape:escape]}}
  p[0] = 0;
  free(p);
}
