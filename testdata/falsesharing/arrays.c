// RUN: %cescape_verify -target x86_64-linux-gnu %s
//
// array-false-sharing: thread functions write their own element of an
// array of structs (the index is not a constant); neighbouring elements
// smaller than a line share it.
#include <pthread-stub.h>

// The classic per-thread counter slot.
struct slot { // expected-remark {{threads write their own elements of 'struct slot' (through 'count'), and an element is 8 bytes, so neighbouring elements can share a 64-byte cache line: _Alignas(64) on 'count' makes each element 64 bytes, or 'char pad[56]' after 'count' makes it 64 [cescape:array-false-sharing]}}
  long count;
};
struct slot slots[8];
static void *count_up(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 1000; ++i)
    slots[id].count++;
  return 0;
}

// Through a pointer handed to the thread, with a field in the middle: a
// 48-byte element needs 16 bytes more.
struct worker_state { // expected-remark {{threads write their own elements of 'struct worker_state' (through 'done'), and an element is 48 bytes, so neighbouring elements can share a 64-byte cache line: _Alignas(64) on 'name' makes each element 64 bytes, or 'char pad[16]' after 'tail' makes it 64 [cescape:array-false-sharing]}}
  char name[16];
  long done;
  char tail[24];
};
struct pool {
  struct worker_state *states;
  int next;
};
static void *run_state(void *arg) {
  struct pool *p = arg;
  int me = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED);
  p->states[me].done = 1;
  return 0;
}

// Not reported: the element is a full line.
struct padded_slot {
  long count;
  char pad[56];
};
struct padded_slot padded_slots[8];
static void *count_padded(void *arg) {
  padded_slots[(long)arg].count++;
  return 0;
}
// The twin: a pad 8 bytes short of the line.
struct short_padded_slot { // expected-remark-re {{threads write their own elements of 'struct short_padded_slot'{{.*}} [cescape:array-false-sharing]}}
  long count;
  char pad[48];
};
struct short_padded_slot short_padded_slots[8];
static void *count_short_padded(void *arg) {
  short_padded_slots[(long)arg].count++;
  return 0;
}

// Not reported: the element is line-aligned.
struct aligned_slot {
  _Alignas(64) long count;
};
struct aligned_slot aligned_slots[8];
static void *count_aligned(void *arg) {
  aligned_slots[(long)arg].count++;
  return 0;
}
// The twin: aligned to half a line.
struct half_aligned_slot { // expected-remark-re {{threads write their own elements of 'struct half_aligned_slot'{{.*}} [cescape:array-false-sharing]}}
  _Alignas(32) long count;
};
struct half_aligned_slot half_aligned_slots[8];
static void *count_half_aligned(void *arg) {
  half_aligned_slots[(long)arg].count++;
  return 0;
}

// Not reported: a constant index; all threads write one element (true
// sharing, the pair rule's business).
struct total {
  long sum;
};
struct total totals[2];
static void *add_total(void *arg) {
  totals[0].sum += (long)arg;
  return 0;
}
// The twin: the index is the thread's argument.
struct own_total { // expected-remark-re {{threads write their own elements of 'struct own_total'{{.*}} [cescape:array-false-sharing]}}
  long sum;
};
struct own_total own_totals[2];
static void *add_own_total(void *arg) {
  own_totals[(long)arg].sum += 1;
  return 0;
}

// Not reported: written per index, but not by a thread.
struct cell {
  int v;
};
struct cell grid[16];
void fill(int i) { grid[i].v = i; }
// The twin: the same write in a thread.
struct thread_cell { // expected-remark-re {{threads write their own elements of 'struct thread_cell'{{.*}} [cescape:array-false-sharing]}}
  int v;
};
struct thread_cell thread_grid[16];
static void *fill_in_thread(void *arg) {
  thread_grid[(long)arg].v = 1;
  return 0;
}

// Not reported: one thread walks the array (the index is declared or
// assigned in a loop around the write), as a maintenance thread fills in
// per-page data.
struct page_data {
  long version;
};
struct page_data pages[64];
struct page_desc {
  int id;
};
static void *maintain(void *arg) {
  for (int i = 0; i < 64; ++i)
    pages[i].version = 0;
  struct page_desc *descs = arg;
  for (int i = 0; i < 64; ++i) {
    struct page_desc *d = &descs[i];
    pages[d->id].version = 1;
  }
  int next = 0;
  while (next < 64)
    pages[next++].version = 2;
  return 0;
}
// The twin: each thread writes the page its argument names.
struct own_page_data { // expected-remark-re {{threads write their own elements of 'struct own_page_data'{{.*}} [cescape:array-false-sharing]}}
  long version;
};
struct own_page_data own_pages[64];
static void *maintain_own(void *arg) {
  own_pages[(long)arg].version = 1;
  return 0;
}

void start_all(struct pool *p) {
  pthread_t t;
  pthread_create(&t, 0, count_up, 0);
  pthread_create(&t, 0, run_state, p);
  pthread_create(&t, 0, count_padded, 0);
  pthread_create(&t, 0, count_aligned, 0);
  pthread_create(&t, 0, add_total, 0);
  pthread_create(&t, 0, maintain, 0);
  pthread_create(&t, 0, count_short_padded, 0);
  pthread_create(&t, 0, count_half_aligned, 0);
  pthread_create(&t, 0, add_own_total, 0);
  pthread_create(&t, 0, fill_in_thread, 0);
  pthread_create(&t, 0, maintain_own, 0);
}

// Not reported: a thread's own local array indexed by a variable; the
// elements are its own.
struct own_slot {
  long count;
};
static void *local_slots(void *arg) {
  long id = (long)arg;
  struct own_slot mine[4] = {{0}, {0}, {0}, {0}};
  mine[id & 3].count++;
  return (void *)mine[id & 3].count;
}
void run_local_slots(void) {
  pthread_t t;
  pthread_create(&t, 0, local_slots, (void *)1);
}

// The twin: the same array as a global.
struct shared_slot { // expected-remark-re {{threads write their own elements of 'struct shared_slot'{{.*}} [cescape:array-false-sharing]}}
  long count;
};
struct shared_slot shared_slots[4];
static void *global_slots(void *arg) {
  long id = (long)arg;
  shared_slots[id & 3].count++;
  return (void *)shared_slots[id & 3].count;
}
void run_global_slots(void) {
  pthread_t t;
  pthread_create(&t, 0, global_slots, (void *)1);
}
