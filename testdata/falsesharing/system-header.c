// RUN: %cescape_verify -target x86_64-linux-gnu -isystem %S/Inputs/sys %s
//
// Nothing is reported inside system headers, even when the unit writes the
// struct's fields from different functions. The same struct outside a
// system header, written the same way, is reported (the positive control).
#include <locks.h>

// Different writers: the system header's struct stays silent.
void bump_sys_a(struct sys_counters *c) { c->a++; }
void bump_sys_b(struct sys_counters *c) { c->b++; }
// One writer for both.
void bump_sys(struct sys_counters *c) { c->a++; c->b++; }

struct user_counters {
  _Atomic long a;
  _Atomic long b; // expected-remark {{'a' and 'b' of 'struct user_counters' can share a 64-byte cache line (offsets 0 and 8) and are contended independently (atomic; atomic): _Alignas(64) on 'b' puts it at offset 64 (16 -> 128 bytes), or 'char pad[56]' after 'a' (72 bytes) [cescape:false-sharing]}}
};
void bump_user_a(struct user_counters *c) { c->a++; }
void bump_user_b(struct user_counters *c) { c->b++; }
