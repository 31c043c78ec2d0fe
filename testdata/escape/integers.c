// RUN: %cescape_verify -fplugin-arg-cescape-m %s
// RUN: %cescape_verify -fplugin-arg-cescape-m -DNO_CONVERSION %s
// RUN: %cescape_verify -fplugin-arg-cescape-m -DNO_CONVERSION -DBIT_CAST %s
// RUN: %cescape_verify -fplugin-arg-cescape-m -DNO_CONVERSION -DMEMCPY_INTO_INTEGERS %s
// RUN: %cescape_verify -fplugin-arg-cescape-m -DNO_CONVERSION -DWORD_VIEW %s
// Integers carry pointers only in a translation unit that turns a pointer
// into an integer (a cast, a union, reading a pointer's bytes): then an int
// read from a struct may be its pointer field. Without any such conversion,
// a struct's counter does not carry the buffer next to it.
#include <libc.h>
typedef unsigned long uintptr_t;
typedef long intptr_t;

struct buf {
  char *data;
  long len;
};

// Returning a long member of a struct that also holds the block: the member
// has a location of its own, which no pointer reaches, wherever integers
// may carry pointers.
long return_len(void) {
  struct buf b = {malloc(16), 16}; // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  return b.len;
}

// The same with the struct's address taken: one location for the whole
// struct, and where integers carry pointers its long member carries the
// block.
void see_buf(const struct buf *);
long return_len_address_taken(void) {
  struct buf b = {malloc(17), 17};
#if defined(NO_CONVERSION) && !defined(BIT_CAST) && !defined(MEMCPY_INTO_INTEGERS) && !defined(WORD_VIEW)
  // expected-remark-re@-2 {{escapes (heap): malloc(17){{.*}} [cescape:escape]}}
#else
  // expected-remark-re@-4 {{escapes (return): malloc(17){{.*}} [cescape:escape]}}
#endif
  see_buf(&b);
  return b.len;
}

#ifndef NO_CONVERSION
// The conversion that turns the rule on for the whole file.
uintptr_t to_int(char *p) { return (uintptr_t)p; }

// A local union holding the block: reading the long reads the pointer.
long local_union(void) {
  union {
    char *p;
    long l;
  } u;
  u.p = malloc(20); // expected-remark-re {{escapes (return): malloc(20){{.*}} [cescape:escape]}}
  return u.l;
}

// The integer made by a helper is the pointer.
uintptr_t through_helper(void) {
  char *p = malloc(24); // expected-remark-re {{escapes (return): malloc(24){{.*}} [cescape:escape]}}
  uintptr_t v = to_int(p);
  return v;
}
#endif

struct word {
  intptr_t v;
};
char *g_from_word;

#ifdef BIT_CAST
// __builtin_bit_cast turns the pointer into an integer.
void bit_cast(void) {
  char *p = malloc(28); // expected-remark-re {{escapes (global): malloc(28){{.*}} [cescape:escape]}}
  struct word w;
  w.v = __builtin_bit_cast(intptr_t, p);
  g_from_word = (char *)w.v;
}
#endif

#ifdef MEMCPY_INTO_INTEGERS
// The pointer's bytes copied into a struct of integers.
void memcpy_into_integers(void) {
  char *p = malloc(29); // expected-remark-re {{escapes (global): malloc(29){{.*}} [cescape:escape]}}
  struct word w;
  memcpy(&w, &p, sizeof p);
  g_from_word = (char *)w.v;
}
#endif

#ifndef NO_CONVERSION
// A pointer split into two 32-bit halves and joined again elsewhere.
unsigned lo32, hi32;
void split(void) {
  char *p = malloc(30); // expected-remark-re {{escapes (global): malloc(30){{.*}} [cescape:escape]}}
  uintptr_t u = (uintptr_t)p;
  lo32 = (unsigned)u;
  hi32 = (unsigned)(u >> 32);
}
#endif

// A distance between two addresses of the block is a length, not the block
// (libyaml's scratch strings), even where integers carry pointers.
long g_length;
void distance(void) {
  char *start = malloc(32); // expected-remark {{malloc(32) does not escape}}
  char *end = start + 8;
  g_length = end - start;
  free(start);
}

#ifndef NO_CONVERSION
// The twin: an integer made of the block's address itself.
uintptr_t g_address;
void address(void) {
  char *start = malloc(33); // expected-remark {{escapes (global): malloc(33)}}
  g_address = (uintptr_t)(start + 8);
}
#endif

#ifdef WORD_VIEW
// Words of memory read through a void * as integers: a pointer's bits.
uintptr_t g_word;
static uintptr_t word_at(const void *at) { return *(const uintptr_t *)at; }
void word_view(void) {
  char *x = malloc(31); // expected-remark-re {{escapes (global): malloc(31){{.*}} [cescape:escape]}}
  g_word = word_at(&x);
}
#endif
