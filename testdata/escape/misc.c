// RUN: %cescape_verify -fplugin-arg-cescape-m -fblocks %s
//
// C constructs the escape graph has to see through or give up on: inline
// assembly (reason asm), setjmp and computed goto (control flow the
// analysis cannot follow: reason loop), backward goto loops, varargs,
// atomics, GNU statement expressions, compound literals, __builtin_
// spellings of library functions, integers made from pointers, unevaluated
// operands, code in macros, and Clang blocks (-fblocks).

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>

#include <libc.h>
int vsnprintf(char *restrict, size_t, const char *restrict, va_list);

typedef long jmp_buf[8];
int setjmp(jmp_buf);
void longjmp(jmp_buf, int);
typedef struct ucontext_t ucontext_t;
int getcontext(ucontext_t *);
int setcontext(const ucontext_t *);
int checkpoint(void) __attribute__((returns_twice));

char *g_ptr;
uintptr_t g_word;
unsigned char g_bytes[16];
int g_flag;
_Atomic(char *) g_atomic_ptr;

struct holder {
  char *buf;
};

//===----------------------------------------------------------------------===//
// Inline assembly.
//===----------------------------------------------------------------------===//

// The pointer is an input operand: the assembly may keep it.
void asm_input(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (asm): malloc(16) is used by inline assembly{{.*}} [cescape:escape]}}
  __asm__ volatile("" : : "r"(p));
}

// The memory is a memory operand.
void asm_memory(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (asm): malloc(16) is used by inline assembly{{.*}} [cescape:escape]}}
  __asm__ volatile("" : "+m"(*p));
}

// The variable holding the pointer is an output operand: "=r" only writes
// it (the block it held is merely lost), "+r" reads it too.
void asm_output(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  char *q = malloc(16); // expected-remark-re {{escapes (asm): malloc(16) is used by inline assembly{{.*}} [cescape:escape]}}
  __asm__ volatile("" : "=r"(p));
  __asm__ volatile("" : "+r"(q));
}

// Assembly that does not mention the pointer.
void asm_unrelated(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  __asm__ volatile("nop");
  free(p);
}

//===----------------------------------------------------------------------===//
// Control flow the analysis cannot follow.
//===----------------------------------------------------------------------===//

// setjmp: execution may come back to it, so every allocation of the
// function may be live more than once: escapes (loop).
int with_setjmp(jmp_buf env) {
  char *p = malloc(16); // expected-remark {{escapes (loop): malloc(16) outlives the loop iteration that allocates it [cescape:escape]}}
  p[0] = 0;
  if (setjmp(env))
    return 1;
  char *q = malloc(16); // expected-remark-re {{escapes (loop): malloc(16){{.*}} [cescape:escape]}}
  q[0] = 0;
  free(q);
  free(p);
  return 0;
}

// The builtin spelling.
int with_builtin_setjmp(void **env) {
  char *p = malloc(16); // expected-remark-re {{escapes (loop): malloc(16){{.*}} [cescape:escape]}}
  p[0] = 0;
  if (__builtin_setjmp(env))
    return p[0];
  free(p);
  return 0;
}

// A block allocated after setjmp and kept across the jump back: two
// passes, two distinct blocks (one stack array would make them the same).
int kept_across_longjmp(jmp_buf env) {
  char *volatile first = 0;
  setjmp(env);
  char *p = malloc(16); // expected-remark-re {{escapes (loop): malloc(16){{.*}} [cescape:escape]}}
  if (!first) {
    first = p;
    longjmp(env, 1);
  }
  return first != p;
}

// getcontext returns twice like setjmp does.
int kept_across_setcontext(ucontext_t *uc) {
  char *volatile first = 0;
  getcontext(uc);
  char *p = malloc(16); // expected-remark-re {{escapes (loop): malloc(16){{.*}} [cescape:escape]}}
  if (!first) {
    first = p;
    setcontext(uc);
  }
  return first != p;
}

// So does any function declared returns_twice.
int kept_across_checkpoint(void) {
  char *volatile first = 0;
  checkpoint();
  char *p = malloc(16); // expected-remark-re {{escapes (loop): malloc(16){{.*}} [cescape:escape]}}
  if (!first)
    first = p;
  return first != p;
}

// A computed goto: the same.
int computed_goto(int i) {
  static void *targets[] = {&&first, &&second};
  char *p = malloc(16); // expected-remark-re {{escapes (loop): malloc(16){{.*}} [cescape:escape]}}
  p[0] = 0;
  goto *targets[i & 1];
first:
  free(p);
  return 1;
second:
  free(p);
  return 2;
}

// A backward goto is a loop: the block allocated inside it is kept in a
// variable declared before it.
char *backward_goto(int n) {
  char *last = 0;
again:
  last = malloc(16); // expected-remark-re {{escapes (loop): malloc(16){{.*}} [cescape:escape]}}
  if (--n > 0)
    goto again;
  return 0;
}

// A forward goto is not.
int forward_goto(int c) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  if (c)
    goto out;
  p[0] = 1;
out:
  c = p[0];
  free(p);
  return c;
}

//===----------------------------------------------------------------------===//
// Varargs.
//===----------------------------------------------------------------------===//

// A pointer read with va_arg is whatever the caller passed: storing a block
// through it makes the block escape.
void store_through_va_arg(int n, ...) {
  va_list ap;
  va_start(ap, n);
  char **slot = va_arg(ap, char **);
  *slot = malloc(8); // expected-remark-re {{escapes (heap): malloc(8) is stored in memory that escapes{{.*}} [cescape:escape]}}
  va_end(ap);
}

// Formatting into a block with a va_list: bytes only.
int format_va(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *buf = malloc(64); // expected-remark {{malloc(64) does not escape: use a stack array '_Alignas(16) char buf_storage[64]' (64 bytes) [cescape:heap-to-stack]}}
  int n = vsnprintf(buf, 64, fmt, ap);
  va_end(ap);
  free(buf);
  return n;
}

//===----------------------------------------------------------------------===//
// Atomics.
//===----------------------------------------------------------------------===//

// An _Atomic global is a global.
void atomic_global(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (global): malloc(8) is stored in a global{{.*}} [cescape:escape]}}
  g_atomic_ptr = p;
}

// atomic_store into an _Atomic global: the builtin is not modelled, the
// value goes anywhere.
void atomic_store_global(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (heap): malloc(8){{.*}} [cescape:escape]}}
  atomic_store(&g_atomic_ptr, p);
}

// __atomic builtins on a plain pointer variable.
void gnu_atomic_store(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (heap): malloc(8){{.*}} [cescape:escape]}}
  __atomic_store_n(&g_ptr, p, __ATOMIC_SEQ_CST);
}

char *gnu_atomic_exchange(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (heap): malloc(8){{.*}} [cescape:escape]}}
  return __atomic_exchange_n(&g_ptr, p, __ATOMIC_ACQ_REL);
}

// __sync builtins alike.
void sync_swap(void) {
  char *p = malloc(8); // expected-remark-re {{escapes{{.*}} [cescape:escape]}}
  __sync_lock_test_and_set(&g_ptr, p);
}

// Even on a local: the builtin is not modelled, so be safe.
void atomic_local(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (heap): malloc(8){{.*}} [cescape:escape]}}
  char *local = 0;
  __atomic_store_n(&local, p, __ATOMIC_RELAXED);
}

// An _Atomic local initialised and read like a plain local: stack.
size_t atomic_local_plain(void) {
  char *p = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  _Atomic(char *) ap = p;
  size_t n = strlen(ap);
  free(p);
  return n;
}

//===----------------------------------------------------------------------===//
// GNU statement expressions.
//===----------------------------------------------------------------------===//

size_t stmt_expr_local(void) {
  char *p = ({
    char *t = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
    t[0] = 0;
    t;
  });
  size_t n = strlen(p);
  free(p);
  return n;
}

char *stmt_expr_returned(void) {
  return ({
    char *t = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
    t[0] = 0;
    t;
  });
}

void stmt_expr_global(void) {
  g_ptr = ({ malloc(16); }); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
}

// The value is the last statement that is not null, through labels.
char *stmt_expr_trailing_null(void) {
  return ({
    char *t = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
    t;
    ;
  });
}

char *stmt_expr_label(void) {
  char *t = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  return ({
  done:
    t;
  });
}

//===----------------------------------------------------------------------===//
// Sizes of variably modified types run where the type is used.
//===----------------------------------------------------------------------===//

void vla_pointer_declarator(int n) {
  char *p = malloc(16); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
  char (*x)[(g_ptr = p, n)] = 0;
  (void)x;
}

void vla_typeof(int n) {
  char *p = malloc(16); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
  typeof(char[(g_ptr = p, n)]) *x = 0;
  (void)x;
}

void vla_cast(void *q, int n) {
  char *p = malloc(16); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
  (void)(char (*)[(g_ptr = p, n)])q;
}

void vla_va_arg(int n, ...) {
  char *p = malloc(16); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
  va_list ap;
  va_start(ap, n);
  char (*x)[n] = va_arg(ap, char (*)[(g_ptr = p, n)]);
  va_end(ap);
  (void)x;
}

// A variable-length array's own size, evaluated once.
size_t vla_own_size(size_t n) {
  char *p = malloc(16); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
  char a[(g_ptr = p, n)];
  return sizeof a;
}

//===----------------------------------------------------------------------===//
// Compound literals.
//===----------------------------------------------------------------------===//

// A compound literal in a function is a local object: storing the block
// into it keeps it local.
size_t compound_literal_local(void) {
  struct holder *h = &(struct holder){0};
  h->buf = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  h->buf[0] = 0;
  return strlen(h->buf);
}

// A compound literal returned by value carries the block out.
struct holder compound_literal_returned(void) {
  return (struct holder){malloc(8)}; // expected-remark-re {{escapes (return): malloc(8) is returned to the caller{{.*}} [cescape:escape]}}
}

// A file-scope compound literal has static storage, reached here through
// a global pointer (which may point anywhere by now).
struct holder *g_static_holder = &(struct holder){0};
void compound_literal_static(void) {
  g_static_holder->buf = malloc(8); // expected-remark-re {{escapes (heap): malloc(8) is stored in memory that escapes{{.*}} [cescape:escape]}}
}

// A compound literal assigned into a global.
struct holder g_holder;
void compound_literal_to_global(void) {
  g_holder = (struct holder){malloc(8)}; // expected-remark-re {{escapes (global): malloc(8){{.*}} [cescape:escape]}}
}

//===----------------------------------------------------------------------===//
// __builtin_ spellings.
//===----------------------------------------------------------------------===//

size_t builtins_local(const char *s) {
  char *p = __builtin_malloc(32); // expected-remark {{__builtin_malloc(32) does not escape: use a stack array '_Alignas(16) char p_storage[32]' (32 bytes) [cescape:heap-to-stack]}}
  __builtin_memset(p, 0, 32);
  __builtin_memcpy(p, s, 31);
  size_t n = __builtin_strlen(p);
  __builtin_free(p);
  return n;
}

// __builtin_memcpy of the pointer value into a global.
void builtin_memcpy_pointer(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (global): malloc(8) is stored in a global{{.*}} [cescape:escape]}}
  __builtin_memcpy(&g_ptr, &p, sizeof p);
}

// The fortified spelling returns its destination.
void *fortified_returned(const char *s) {
  char *p = malloc(32); // expected-remark-re {{escapes (return): malloc(32) is returned to the caller{{.*}} [cescape:escape]}}
  return __builtin___memcpy_chk(p, s, 32, __builtin_object_size(p, 0));
}

// __builtin_assume_aligned returns its argument.
void *assume_aligned_returned(void) {
  char *p = malloc(64); // expected-remark-re {{escapes (return): malloc(64) is returned to the caller{{.*}} [cescape:escape]}}
  return __builtin_assume_aligned(p, 16);
}

//===----------------------------------------------------------------------===//
// Pointers hidden in integers and bytes.
//===----------------------------------------------------------------------===//

// A pointer cast to an integer still carries the address.
void pointer_as_integer(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (integer): malloc(8) is converted to an integer{{.*}} [cescape:escape]}}
  g_word = (uintptr_t)p;
}

// Arithmetic on that integer too (XOR-linked lists, tagged pointers).
void pointer_xored(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (integer): malloc(8) is converted to an integer{{.*}} [cescape:escape]}}
  g_word = (uintptr_t)p ^ 0x5555u;
}

// Through a union.
void pointer_through_union(void) {
  union {
    char *p;
    uintptr_t u;
  } pun;
  pun.p = malloc(8); // expected-remark-re {{escapes (integer): malloc(8) is converted to an integer{{.*}} [cescape:escape]}}
  g_word = pun.u;
}

// Copied byte by byte into a global buffer: the bytes of a pointer
// variable, read through an unsigned char pointer, are the pointer.
void pointer_bytes(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (integer): malloc(8) is converted to an integer{{.*}} [cescape:escape]}}
  const unsigned char *b = (const unsigned char *)&p;
  for (size_t i = 0; i < sizeof p; ++i)
    g_bytes[i] = b[i];
}

// The same, a whole word at a time.
void pointer_word(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (integer): malloc(8) is converted to an integer{{.*}} [cescape:escape]}}
  const uintptr_t *w = (const uintptr_t *)&p;
  g_word = *w;
}

// Only compared or tested: no address leaves.
void pointer_compared(char *other) {
  char *p = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  g_flag = p == other;
  g_flag += p != 0;
  g_flag += !p;
  free(p);
}

// Operands that are never evaluated.
void unevaluated(void) {
  char *p = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  g_flag = sizeof(g_ptr = p); // expected-warning {{expression with side effects has no effect in an unevaluated context}}
  g_flag += _Generic(g_ptr = p, char *: 1, default: 0); // expected-warning {{expression with side effects has no effect in an unevaluated context}}
  free(p);
}

//===----------------------------------------------------------------------===//
// Macros.
//===----------------------------------------------------------------------===//

#define NEW(T) ((T *)malloc(sizeof(T)))
#define WITH_BUF(n, body)                                                     \
  do {                                                                        \
    char *buf = malloc(n);                                                    \
    body;                                                                     \
    free(buf);                                                                \
  } while (0)
#define KEEP(x) (g_ptr = (x))

// An allocation spelled by a macro: reported at the macro's use.
int macro_new(void) {
  int *p = NEW(int); // expected-remark-re {{NEW(int) does not escape: use a stack array 'int p_storage[1]' (4 bytes){{.*}} [cescape:heap-to-stack]}}
  *p = 1;
  int r = *p;
  free(p);
  return r;
}

// A block of code in a macro that allocates, uses and frees.
void macro_block(void) {
  WITH_BUF(32, buf[0] = 0); // expected-remark-re {{does not escape: use a stack array '_Alignas(16) char buf_storage[32]' (32 bytes){{.*}} [cescape:heap-to-stack]}}
}

// The same block whose body lets the buffer go.
void macro_block_escapes(void) {
  WITH_BUF(32, g_ptr = buf); // expected-remark-re {{escapes (global){{.*}} [cescape:escape]}}
}

// A macro that stores its argument in a global.
void macro_keep(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (global): malloc(8) is stored in a global{{.*}} [cescape:escape]}}
  KEEP(p);
}

//===----------------------------------------------------------------------===//
// Clang blocks (-fblocks): a block captures variables and runs later.
//===----------------------------------------------------------------------===//

// A block that stores a captured pointer in a global, then runs.
void block_keeps(void) {
  char *p = malloc(16); // expected-remark-re {{escapes{{.*}} [cescape:escape]}}
  void (^run)(void) = ^{
    g_ptr = p;
  };
  run();
}

// A block that captures the pointer is itself stored in a global: it may
// run after the function returned.
void (^g_block)(void);
void block_stored(void) {
  char *p = malloc(16); // expected-remark-re {{escapes{{.*}} [cescape:escape]}}
  g_block = ^{
    p[0] = 1;
  };
}

// A __block size changed inside a block is not the constant it was
// initialised with.
void block_changes_size(void) {
  __block size_t n = 64;
  void (^grow)(void) = ^{
    n = 8192;
  };
  grow();
  char *p = malloc(n); // expected-remark-re {{malloc(n) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  p[n - 1] = 0;
  free(p);
}

// An allocation written as a macro argument is named by its own text.
char *g_kept;
#define KEEP_IN_GLOBAL(x) (g_kept = (x))
void macro_argument(void) {
  KEEP_IN_GLOBAL(malloc(7)); // expected-remark-re {{escapes (global): malloc(7) is stored in a global{{.*}} [cescape:escape]}}
}

// The size of a variable-length array runs: what it does counts.
static char *g_remembered;
static unsigned long remember(char *s) {
  g_remembered = s;
  return 4;
}
void vla_size(void) {
  char *v = malloc(16); // expected-remark-re {{escapes (call): malloc(16){{.*}} [cescape:escape]}}
  v[0] = 0;
  char copy[remember(v)];
  copy[0] = v[0];
}
void sizeof_vla(void) {
  char *w = malloc(17); // expected-remark-re {{escapes (call): malloc(17){{.*}} [cescape:escape]}}
  w[0] = 0;
  unsigned long n = sizeof(char[remember(w)]);
  (void)n;
}
