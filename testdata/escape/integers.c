// RUN: %cescape_verify -fplugin-arg-cescape-m %s
// RUN: %cescape_verify -fplugin-arg-cescape-m -DNO_CONVERSION %s
// Integers carry pointers only in a translation unit that turns a pointer
// into an integer (a cast, a union, reading a pointer's bytes): then an int
// read from a struct may be its pointer field. Without any such conversion,
// a struct's counter does not carry the buffer next to it.
typedef unsigned long size_t;
typedef unsigned long uintptr_t;
void *malloc(size_t);
void free(void *);

struct buf {
  char *data;
  long len;
};

// Returning a long member of a struct that also holds the block.
long return_len(void) {
  struct buf b = {malloc(16), 16};
#ifdef NO_CONVERSION
  // expected-remark@-2 {{malloc(16) does not escape}}
#else
  // expected-remark@-4 {{escapes (return): malloc(16)}}
#endif
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
  u.p = malloc(20); // expected-remark {{escapes (return): malloc(20)}}
  return u.l;
}

// The integer made by a helper is the pointer.
uintptr_t through_helper(void) {
  char *p = malloc(24); // expected-remark {{escapes (return): malloc(24)}}
  uintptr_t v = to_int(p);
  return v;
}
#endif
