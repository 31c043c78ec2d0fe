// RUN: %cescape_verify -target x86_64-linux-gnu %s
//
// _Atomic and atomic_* members are contended by their type: two of them on
// one cache line are false sharing unless this unit shows they move
// together. The advice gives exact bytes for the 64-byte x86-64 line.
#include <stdatomic.h>

// Two adjacent counters.
struct counters {
  _Atomic long a;
  _Atomic long b; // expected-remark {{'a' and 'b' of 'struct counters' can share a 64-byte cache line (offsets 0 and 8) and are contended independently (atomic; atomic): _Alignas(64) on 'b' puts it at offset 64 (16 -> 128 bytes), or 'char pad[56]' after 'a' (72 bytes) [cescape:false-sharing]}}
};

// atomic_* typedefs from <stdatomic.h>, in a typedef'd anonymous struct.
typedef struct {
  atomic_int produced;
  atomic_int consumed; // expected-remark {{'produced' and 'consumed' of 'stats_t' can share a 64-byte cache line (offsets 0 and 4) and are contended independently (atomic; atomic): _Alignas(64) on 'consumed' puts it at offset 64 (8 -> 128 bytes), or 'char pad[60]' after 'produced' (68 bytes) [cescape:false-sharing]}}
} stats_t;

// Three counters: each against the nearest one before it (two findings,
// and _Alignas on each separates all three).
struct three {
  _Atomic int x;
  _Atomic int y; // expected-remark-re {{'x' and 'y' of 'struct three'{{.*}} [cescape:false-sharing]}}
  _Atomic int z; // expected-remark-re {{'y' and 'z' of 'struct three' can share a 64-byte cache line (offsets 4 and 8){{.*}} [cescape:false-sharing]}}
};

// A cold field between them is not enough: 40 bytes apart.
struct cold_between {
  _Atomic long hot1;
  char name[32];
  _Atomic long hot2; // expected-remark {{'hot1' and 'hot2' of 'struct cold_between' can share a 64-byte cache line (offsets 0 and 40) and are contended independently (atomic; atomic): _Alignas(64) on 'hot2' puts it at offset 64 (48 -> 128 bytes), or 'char pad[24]' after 'name' (72 bytes) [cescape:false-sharing]}}
};

// A pad that falls short says how much more is needed.
struct short_pad {
  _Atomic long a;
  char pad[48];
  _Atomic long b; // expected-remark {{'char pad[8]' after 'pad' (72 bytes) [cescape:false-sharing]}}
};

// An array of atomics is contended like one.
struct histogram {
  _Atomic unsigned buckets[4];
  _Atomic unsigned total; // expected-remark-re {{'buckets' and 'total' of 'struct histogram' can share a 64-byte cache line (offsets 0 and 16){{.*}} [cescape:false-sharing]}}
};

// Not reported: padded by hand to a full line.
struct padded {
  _Atomic long a;
  char pad[56];
  _Atomic long b;
};
// The twin: a pad one long short.
struct padded_short {
  _Atomic long a;
  char pad[48];
  _Atomic long b; // expected-remark-re {{'a' and 'b' of 'struct padded_short' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};

// Not reported: the second counter starts its own line.
struct aligned {
  _Atomic long a;
  _Alignas(64) _Atomic long b;
};
// The twin: aligned to half a line.
struct half_aligned {
  _Atomic long a;
  _Alignas(32) _Atomic long b; // expected-remark-re {{'a' and 'b' of 'struct half_aligned' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};

// Not reported: one contended field; the others are never written.
struct one_hot {
  _Atomic long refs;
  long id;
  const char *name;
};
// The twin: a second atomic field.
struct two_hot {
  _Atomic long refs;
  _Atomic long id; // expected-remark-re {{'refs' and 'id' of 'struct two_hot' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
  const char *name;
};

// Not reported: the members of a union are one object (true sharing).
union either {
  _Atomic long a;
  _Atomic long b;
};
// The twin: a struct of the same members.
struct both {
  _Atomic long a;
  _Atomic long b; // expected-remark-re {{'a' and 'b' of 'struct both' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};

// Not reported: an atomic struct that is only declared, with no second
// contended field.
struct lone {
  atomic_flag flag;
  int data[4];
};
// The twin: a second atomic_flag.
struct not_lone {
  atomic_flag flag;
  atomic_flag other; // expected-remark-re {{'flag' and 'other' of 'struct not_lone' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
  int data[4];
};

// A struct declared inside a function body is checked like any other.
long local_struct(void) {
  struct local_pair {
    _Atomic long x;
    _Atomic long y; // expected-remark-re {{'x' and 'y' of 'struct local_pair' can share a 64-byte cache line (offsets 0 and 8){{.*}} [cescape:false-sharing]}}
  } l = {0, 0};
  return l.x + l.y;
}
