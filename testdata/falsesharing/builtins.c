// RUN: %cescape_verify -target x86_64-linux-gnu %s
//
// Plain members become contended when they are the object of an atomic
// operation: __atomic_* and __sync_* builtins and C11 atomic_* generic
// functions. Reads alone (atomic loads) do not make a field contended.
#include <stdatomic.h>

// A single-producer single-consumer ring: the producer publishes tail, the
// consumer publishes head.
struct ring {
  unsigned head;
  unsigned tail; // expected-remark-re {{'head' and 'tail' of 'struct ring' can share a 64-byte cache line (offsets 0 and 4) and are contended independently (atomic-op; atomic-op){{.*}} [cescape:false-sharing]}}
  long items[16];
};
void produce(struct ring *r, long v) {
  r->items[r->tail % 16] = v;
  __atomic_store_n(&r->tail, r->tail + 1, __ATOMIC_RELEASE);
}
long consume(struct ring *r) {
  long v = r->items[r->head % 16];
  __atomic_store_n(&r->head, r->head + 1, __ATOMIC_RELEASE);
  return v;
}

// __sync builtins, from two different functions.
struct refs {
  int strong;
  int weak; // expected-remark-re {{'strong' and 'weak' of 'struct refs' can share a 64-byte cache line (offsets 0 and 4) and are contended independently (atomic-op; atomic-op){{.*}} [cescape:false-sharing]}}
};
void retain(struct refs *r) { __sync_fetch_and_add(&r->strong, 1); }
void retain_weak(struct refs *r) { __sync_fetch_and_add(&r->weak, 1); }

// C11 generic functions on _Atomic members add the atomic-op reason.
struct c11 {
  _Atomic long sent;
  _Atomic long received; // expected-remark-re {{'sent' and 'received' of 'struct c11' can share a 64-byte cache line (offsets 0 and 8) and are contended independently (atomic,atomic-op; atomic,atomic-op){{.*}} [cescape:false-sharing]}}
};
void on_send(struct c11 *c) { atomic_fetch_add(&c->sent, 1); }
void on_receive(struct c11 *c) {
  atomic_fetch_add_explicit(&c->received, 1, memory_order_relaxed);
}

// Through an array member's decay, and __atomic_fetch_add.
struct lanes {
  long lane[2];
  long total; // expected-remark-re {{'lane' and 'total' of 'struct lanes'{{.*}} [cescape:false-sharing]}}
};
void bump_lane(struct lanes *l) { __atomic_fetch_add(l->lane, 1, 0); }
void bump_total(struct lanes *l) { __atomic_fetch_add(&l->total, 1, 0); }

// Not reported: only atomic loads, never a write.
struct loads {
  unsigned version;
  unsigned epoch;
};
unsigned peek(struct loads *l) {
  return __atomic_load_n(&l->version, __ATOMIC_ACQUIRE) +
         __atomic_load_n(&l->epoch, __ATOMIC_ACQUIRE);
}
// The twin: atomic stores.
struct stores {
  unsigned version;
  unsigned epoch; // expected-remark-re {{'version' and 'epoch' of 'struct stores' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};
void bump_version(struct stores *s) { __atomic_store_n(&s->version, 1, __ATOMIC_RELEASE); }
void bump_epoch(struct stores *s) { __atomic_store_n(&s->epoch, 1, __ATOMIC_RELEASE); }

// Not reported: the same function updates both, so whoever writes one
// writes the other (true sharing; padding would not help).
struct together {
  long bytes;
  long packets;
};
void account(struct together *t, long n) {
  __atomic_fetch_add(&t->bytes, n, __ATOMIC_RELAXED);
  __atomic_fetch_add(&t->packets, 1, __ATOMIC_RELAXED);
}
// The twin: each updated by a function of its own.
struct apart {
  long bytes;
  long packets; // expected-remark-re {{'bytes' and 'packets' of 'struct apart' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};
void add_bytes(struct apart *a, long n) { __atomic_fetch_add(&a->bytes, n, __ATOMIC_RELAXED); }
void add_packet(struct apart *a) { __atomic_fetch_add(&a->packets, 1, __ATOMIC_RELAXED); }

// Not reported: a fence touches no field, atomic_init runs before sharing.
struct init_only {
  _Atomic long only;
  long plain;
};
void setup(struct init_only *s) {
  atomic_init(&s->only, 0);
  atomic_thread_fence(memory_order_seq_cst);
  s->plain = 1;
}
// The twin: both written atomically after sharing.
struct shared_after {
  _Atomic long only;
  long plain; // expected-remark-re {{'only' and 'plain' of 'struct shared_after' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};
void publish(struct shared_after *s) {
  atomic_store(&s->only, 0);
  atomic_thread_fence(memory_order_seq_cst);
}
void touch(struct shared_after *s) { __atomic_store_n(&s->plain, 1, __ATOMIC_RELAXED); }
