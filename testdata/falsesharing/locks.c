// RUN: %cescape_verify -target x86_64-linux-gnu %s
//
// Locks are contended by their type (pthread_mutex_t, pthread_spinlock_t,
// pthread_rwlock_t, sem_t, atomic_flag, and structs holding one). Two locks
// on a line are false sharing; a lock and the data it guards belong
// together.
#include <pthread-stub.h>
#include <stdatomic.h>

// Two spinlocks of 4 bytes each.
struct two_spins {
  pthread_spinlock_t a;
  pthread_spinlock_t b; // expected-remark {{'a' and 'b' of 'struct two_spins' can share a 64-byte cache line (offsets 0 and 4) and are contended independently (lock; lock): _Alignas(64) on 'b' puts it at offset 64 (8 -> 128 bytes), or 'char pad[60]' after 'a' (68 bytes) [cescape:false-sharing]}}
};

// The two-lock queue (Michael and Scott): the head and tail locks, taken
// by different threads. The data each guards is contended through its lock
// (written under a lock, it is not contended by itself).
struct two_lock_queue {
  pthread_mutex_t head_lock;
  void *head;
  pthread_mutex_t tail_lock; // expected-remark {{'head_lock' and 'tail_lock' of 'struct two_lock_queue' can share a 64-byte cache line (offsets 0 and 48) and are contended independently (lock,thread-written; lock,thread-written): _Alignas(64) on 'tail_lock' puts it at offset 64 (96 -> 128 bytes), or 'char pad[48]' after 'head' (144 bytes) [cescape:false-sharing]}}
  void *tail;
};
static void *dequeuer(void *p) {
  struct two_lock_queue *q = p;
  pthread_mutex_lock(&q->head_lock);
  q->head = 0;
  pthread_mutex_unlock(&q->head_lock);
  return 0;
}
static void *enqueuer(void *p) {
  struct two_lock_queue *q = p;
  pthread_mutex_lock(&q->tail_lock);
  q->tail = p;
  pthread_mutex_unlock(&q->tail_lock);
  return 0;
}
void start_queue(struct two_lock_queue *q) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, dequeuer, q);
  pthread_create(&t2, 0, enqueuer, q);
}

// A semaphore and a read-write lock.
struct sem_rw {
  sem_t ready;
  pthread_rwlock_t table; // expected-remark-re {{'ready' and 'table' of 'struct sem_rw' can share a 64-byte cache line (offsets 0 and 32){{.*}} [cescape:false-sharing]}}
};

// A struct holding a lock is a lock; atomic_flag is one too.
struct guarded_list {
  pthread_mutex_t mu;
  int len;
};
struct owner {
  struct guarded_list list;
  atomic_flag busy; // expected-remark-re {{'list' and 'busy' of 'struct owner' can share a 64-byte cache line (offsets 0 and 48) and are contended independently (lock; lock){{.*}} [cescape:false-sharing]}}
};

// Not reported: the lock and the fields written under it stay together,
// and two fields always written under the same lock are not independent.
struct account {
  pthread_mutex_t mu;
  long balance;
  long operations;
};
static void *teller(void *p) {
  struct account *a = p;
  pthread_mutex_lock(&a->mu);
  a->balance += 10;
  pthread_mutex_unlock(&a->mu);
  return 0;
}
static void *auditor(void *p) {
  struct account *a = p;
  pthread_mutex_lock(&a->mu);
  a->operations++;
  a->balance -= 1;
  pthread_mutex_unlock(&a->mu);
  return 0;
}
void start_bank(struct account *a) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, teller, a);
  pthread_create(&t2, 0, auditor, a);
}

// A field one thread writes without a lock, next to a lock another thread
// takes.
struct mixed {
  pthread_mutex_t mu;
  long unlocked_count; // expected-remark-re {{'mu' and 'unlocked_count' of 'struct mixed' can share a 64-byte cache line (offsets 0 and 40) and are contended independently (lock,thread-written; thread-written){{.*}} [cescape:false-sharing]}}
};
static void *locker(void *p) {
  struct mixed *m = p;
  pthread_mutex_lock(&m->mu);
  pthread_mutex_unlock(&m->mu);
  return 0;
}
static void *counter(void *p) {
  struct mixed *m = p;
  m->unlocked_count++;
  return 0;
}
void start_mixed(struct mixed *m) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, locker, m);
  pthread_create(&t2, 0, counter, m);
}

// Not reported: a static helper called only with the lock held writes
// under it, and so does code between calls of lock wrappers (whose bodies
// are elsewhere: named *_lock / *_unlock).
struct cache {
  pthread_mutex_t mu;
  long hits;
  long misses;
};
static void count_hit(struct cache *c) { c->hits++; }
static void *hitter(void *p) {
  struct cache *c = p;
  pthread_mutex_lock(&c->mu);
  count_hit(c);
  pthread_mutex_unlock(&c->mu);
  return 0;
}
void cache_lock(struct cache *c);
void cache_unlock(struct cache *c);
static void *misser(void *p) {
  struct cache *c = p;
  cache_lock(c);
  c->misses++;
  cache_unlock(c);
  return 0;
}
void start_cache(struct cache *c) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, hitter, c);
  pthread_create(&t2, 0, misser, c);
}

// Helpers other units may call run without the caller's lock as far as
// cescape knows: their writes count as unguarded (static ones would not).
struct exposed {
  pthread_spinlock_t spin;
  long a; // expected-remark-re {{'spin' and 'a' of 'struct exposed' can share a 64-byte cache line (offsets 0 and 8) and are contended independently (lock,thread-written; thread-written){{.*}} [cescape:false-sharing]}}
  long b; // expected-remark-re {{'a' and 'b' of 'struct exposed' can share a 64-byte cache line (offsets 8 and 16) and are contended independently (thread-written; thread-written){{.*}} [cescape:false-sharing]}}
};
void set_a(struct exposed *e) { e->a = 1; }
void set_b(struct exposed *e) { e->b = 1; }
static void *setter_a(void *p) {
  pthread_spin_lock(&((struct exposed *)p)->spin);
  set_a(p);
  pthread_spin_unlock(&((struct exposed *)p)->spin);
  return 0;
}
static void *setter_b(void *p) {
  pthread_spin_lock(&((struct exposed *)p)->spin);
  set_b(p);
  pthread_spin_unlock(&((struct exposed *)p)->spin);
  return 0;
}
void start_exposed(struct exposed *e) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, setter_a, e);
  pthread_create(&t2, 0, setter_b, e);
}

// Not reported: a lock wrapper whose body is here names the lock it takes
// (here through a second wrapper), so the flag written under it stays next
// to it (another thread only takes the lock).
struct tracked_mutex {
  pthread_mutex_t lock;
  _Atomic int owned;
};
static void tracked_lock_final(struct tracked_mutex *m) {
  pthread_mutex_lock(&m->lock);
}
static void tracked_lock(struct tracked_mutex *m) { tracked_lock_final(m); }
static void tracked_unlock(struct tracked_mutex *m) {
  pthread_mutex_unlock(&m->lock);
}
static void *owner_thread(void *p) {
  tracked_lock(p);
  ((struct tracked_mutex *)p)->owned = 1;
  tracked_unlock(p);
  return 0;
}
static void *waiter_thread(void *p) {
  tracked_lock(p);
  tracked_unlock(p);
  return 0;
}
void start_tracked(struct tracked_mutex *m) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, owner_thread, m);
  pthread_create(&t2, 0, waiter_thread, m);
}
// The twin: the flag written after the lock is given back.
struct untracked_mutex {
  pthread_mutex_t lock;
  _Atomic int owned; // expected-remark-re {{'lock' and 'owned' of 'struct untracked_mutex' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};
static void *late_owner_thread(void *p) {
  struct untracked_mutex *m = p;
  pthread_mutex_lock(&m->lock);
  pthread_mutex_unlock(&m->lock);
  m->owned = 1;
  return 0;
}
static void *late_waiter_thread(void *p) {
  struct untracked_mutex *m = p;
  pthread_mutex_lock(&m->lock);
  pthread_mutex_unlock(&m->lock);
  return 0;
}
void start_untracked(struct untracked_mutex *m) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, late_owner_thread, m);
  pthread_create(&t2, 0, late_waiter_thread, m);
}

// Not reported: one global mutex serialises both writers.
pthread_mutex_t global_mu;
struct by_global {
  long in;
  long out;
};
struct by_global g_counts;
static void *reader_thread(void *p) {
  pthread_mutex_lock(&global_mu);
  g_counts.in++;
  pthread_mutex_unlock(&global_mu);
  return 0;
}
static void *writer_thread(void *p) {
  pthread_mutex_lock(&global_mu);
  g_counts.out++;
  pthread_mutex_unlock(&global_mu);
  return 0;
}
void start_global(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, reader_thread, 0);
  pthread_create(&t2, 0, writer_thread, 0);
}
// The twin: no mutex (one writer alone under it would not do: a field
// written under a lock is contended through the lock).
struct by_none {
  long in;
  long out; // expected-remark-re {{'in' and 'out' of 'struct by_none' can share a 64-byte cache line{{.*}} [cescape:false-sharing]}}
};
struct by_none g_none;
static void *in_thread(void *p) {
  g_none.in++;
  return 0;
}
static void *out_thread(void *p) {
  g_none.out++;
  return 0;
}
void start_none(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, in_thread, 0);
  pthread_create(&t2, 0, out_thread, 0);
}

// A pthread_mutex_t is 40 bytes and the struct only 8-aligned: padding b to
// offset 64 is not enough, its line can still hold a's last bytes.
struct spread_short {
  pthread_mutex_t a;
  char pad[24];
  pthread_mutex_t b; // expected-remark {{'a' and 'b' of 'struct spread_short' can share a 64-byte cache line (offsets 0 and 64) and are contended independently (lock; lock): _Alignas(64) on 'b' puts it at offset 64 (104 -> 128 bytes), or 'char pad[32]' after 'pad' (136 bytes) [cescape:false-sharing]}}
};

// Not reported: wherever the struct starts, a and b are on different lines.
struct spread {
  pthread_mutex_t a;
  char pad[56];
  pthread_mutex_t b;
};
