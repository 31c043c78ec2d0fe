// RUN: %cescape_verify -target x86_64-linux-gnu %s
//
// Offsets come from the compiler's record layout: packed structs,
// #pragma pack, bit-fields, nested structs, unions and flexible array
// members.
#include <pthread-stub.h>

// Packed: the layout is deliberate, so the advice is given (the struct is
// 1-aligned, so a pad must cover any placement) without a fix-it.
struct __attribute__((packed)) wire {
  char tag;
  _Atomic int seq;
  _Atomic int ack; // expected-remark {{'seq' and 'ack' of 'struct wire' can share a 64-byte cache line (offsets 1 and 5) and are contended independently (atomic; atomic): _Alignas(64) on 'ack' puts it at offset 64 (9 -> 128 bytes), or 'char pad[63]' after 'seq' (72 bytes) [cescape:false-sharing]}}
};

// Not reported: packed, and padded by hand so that no placement of a
// 1-aligned struct puts both on one line.
struct __attribute__((packed)) wire_padded {
  _Atomic int seq;
  char pad[63];
  _Atomic int ack;
};
// The twin: one byte short.
struct __attribute__((packed)) wire_padded_short {
  _Atomic int seq;
  char pad[62];
  _Atomic int ack; // expected-remark-re {{'seq' and 'ack' of 'struct wire_padded_short' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};

// #pragma pack(4) lowers the alignment of 8-byte members.
#pragma pack(push, 4)
struct pack4 {
  int tag;
  _Atomic long in;
  _Atomic long out; // expected-remark-re {{'in' and 'out' of 'struct pack4' can share a 64-byte cache line (offsets 4 and 12){{.*}} [cescape:false-sharing]}}
};
#pragma pack(pop)

// Bit-fields in one storage unit are one memory location: two threads
// writing them (ready, stop) race, which is not false sharing (not
// reported). A separate field next to them is; after a bit-field the
// advice is a pad, since _Alignas cannot apply to a bit-field.
struct flags {
  unsigned ready : 1;
  unsigned stop : 1;
  unsigned long seen; // expected-remark {{'stop' and 'seen' of 'struct flags' can share a 64-byte cache line (offsets 0 and 8) and are contended independently (thread-written; thread-written): _Alignas(64) on 'seen' puts it at offset 64 (24 -> 128 bytes), or 'char pad[63]' after 'stop' (80 bytes) [cescape:false-sharing]}}
  unsigned busy : 4; // expected-remark {{'seen' and 'busy' of 'struct flags' can share a 64-byte cache line (offsets 8 and 16) and are contended independently (thread-written; thread-written): 'char pad[56]' after 'seen' moves 'busy''s storage off the line (24 -> 80 bytes) [cescape:false-sharing]}}
};
static void *set_ready(void *p) {
  struct flags *f = p;
  f->ready = 1;
  f->seen++;
  return 0;
}
static void *set_stop(void *p) {
  struct flags *f = p;
  f->stop = 1;
  f->busy = 3;
  return 0;
}

// Nested: the inner struct's counters are a pair of their own, and the
// inner struct as a whole is contended inside the outer one.
struct inner {
  _Atomic int hits;
  _Atomic int misses; // expected-remark-re {{'hits' and 'misses' of 'struct inner' can share a 64-byte cache line (offsets 0 and 4){{.*}} [cescape:false-sharing]}}
};
struct outer {
  struct inner cache;
  _Atomic long evictions; // expected-remark-re {{'cache' and 'evictions' of 'struct outer' can share a 64-byte cache line (offsets 0 and 8) and are contended independently (atomic; atomic){{.*}} [cescape:false-sharing]}}
};

// Nested through writes: threads write fields of a plain inner struct, so
// the inner member is thread-written in the outer struct.
struct point {
  long x, y;
};
struct scene {
  struct point cursor;
  long frames; // expected-remark-re {{'cursor' and 'frames' of 'struct scene' can share a 64-byte cache line (offsets 0 and 16) and are contended independently (thread-written; thread-written){{.*}} [cescape:false-sharing]}}
};
struct scene g_scene;
static void *move_cursor(void *p) {
  g_scene.cursor.x++;
  g_scene.cursor.y++;
  return 0;
}
static void *draw(void *p) {
  g_scene.frames++;
  return 0;
}

// A member struct is contended where its locks are: two mutexes 200 bytes
// apart are not on one line, however large their structs (not reported);
// a mutex at the end of one struct and at the start of the next are.
struct cache_part {
  pthread_mutex_t mu;
  char cold[200];
};
struct two_parts {
  struct cache_part first;
  struct cache_part second;
};
struct lock_last {
  char cold[100];
  pthread_mutex_t mu;
};
struct lock_first {
  pthread_mutex_t mu;
  char cold[100];
};
struct back_to_back {
  struct lock_last a;
  struct lock_first b; // expected-remark {{'a' and 'b' of 'struct back_to_back' can share a 64-byte cache line (offsets 0 and 144) and are contended independently (lock; lock): _Alignas(64) on 'b' puts it at offset 192 (288 -> 384 bytes), or 'char pad[56]' after 'a' (344 bytes) [cescape:false-sharing]}}
};

// An anonymous member struct is named after its first field and its
// record.
struct with_anonymous {
  int tag;
  struct {
    _Atomic long x;
    _Atomic long y; // expected-remark-re {{'x' and 'y' of 'anonymous struct of x in struct with_anonymous' can share a 64-byte cache line (offsets 0 and 8){{.*}} [cescape:false-sharing]}}
  };
};

// Inside an anonymous union, itself without a named first field.
struct nested_anonymous {
  union {
    struct {
      _Atomic int p;
      _Atomic int q; // expected-remark-re {{'p' and 'q' of 'anonymous struct of p in anonymous union in struct nested_anonymous' can share a 64-byte cache line (offsets 0 and 4){{.*}} [cescape:false-sharing]}}
    };
    long raw;
  };
};

// A union member holding atomics is contended as a whole.
struct tagged {
  union {
    _Atomic long word;
    _Atomic int half[2];
  } u;
  _Atomic long other; // expected-remark-re {{'u' and 'other' of 'struct tagged' can share a 64-byte cache line (offsets 0 and 8){{.*}} [cescape:false-sharing]}}
};

// Not reported: the members of a union overlap, they are one object.
union shared_word {
  _Atomic long whole;
  _Atomic int parts[2];
};

// A flexible array member of atomics next to a counter: its first element
// is what shares the counter's line.
struct buckets {
  _Atomic long count;
  _Atomic long slot[]; // expected-remark {{'count' and 'slot' of 'struct buckets' can share a 64-byte cache line (offsets 0 and 8) and are contended independently (atomic; atomic): _Alignas(64) on 'slot' puts it at offset 64 (8 -> 64 bytes), or 'char pad[56]' after 'count' (64 bytes) [cescape:false-sharing]}}
};

// Not reported: a flexible array of plain data that is never written by a
// thread.
struct message {
  _Atomic int refs;
  int len;
  char data[];
};

void start(void) {
  pthread_t t;
  pthread_create(&t, 0, set_ready, 0);
  pthread_create(&t, 0, set_stop, 0);
  pthread_create(&t, 0, move_cursor, 0);
  pthread_create(&t, 0, draw, 0);
}
