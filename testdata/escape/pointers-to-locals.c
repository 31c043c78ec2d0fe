// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// Stores through pointers whose targets are all locals go to those locals
// (a small points-to set), not to the heap: `*pp = malloc(16)` with
// `pp = &p` is `p = malloc(16)`. Once a target local escapes, or the
// pointer may point elsewhere, what is stored escapes too.

#include <libc.h>
void ext(char **);
void ext_h(void *);

struct h {
  char *buf;
  int len;
};
struct pair {
  struct h a, b;
};

char *g;
struct h *gh;

// *pp = malloc(16) with pp = &p.
void through_pp(void) {
  char *p;
  char **pp = &p;
  *pp = malloc(16); // expected-remark-re {{malloc(16) does not escape: use a stack array '_Alignas(16) char {{[a-z0-9_]+}}[16]' (16 bytes), declared beside 'p' (no fix-it) [cescape:heap-to-stack]}}
  p[0] = 0;
  free(p);
}

// hp->buf = malloc(..) with hp = &h.
void through_struct_ptr(void) {
  struct h h;
  struct h *hp = &h;
  hp->buf = malloc(17); // expected-remark {{malloc(17) does not escape: use a stack array '_Alignas(16) char buf_storage[17]' (17 bytes), declared beside 'h' (no fix-it) [cescape:heap-to-stack]}}
  hp->len = 17;
  h.buf[0] = 0;
  free(h.buf);
}

// A pointer to a member of a nested local struct.
void through_member_ptr(void) {
  struct pair pr;
  struct h *hp = &pr.b;
  hp->buf = malloc(18); // expected-remark {{malloc(18) does not escape: use a stack array '_Alignas(16) char buf_storage[18]' (18 bytes), declared beside 'pr' (no fix-it) [cescape:heap-to-stack]}}
  pr.b.buf[0] = 0;
}

// A pointer to an element of a local array of pointers.
void through_elem_ptr(void) {
  char *slots[2] = {0, 0};
  char **pp = &slots[1];
  *pp = malloc(19); // expected-remark-re {{malloc(19) does not escape: use a stack array '_Alignas(16) char {{[a-z0-9_]+}}[19]' (19 bytes), declared beside 'slots' (no fix-it) [cescape:heap-to-stack]}}
  slots[1][0] = 0;
}

// Two levels: ***ppp = &pp, pp = &p.
void through_ppp(void) {
  char *p;
  char **pp = &p;
  char ***ppp = &pp;
  **ppp = malloc(20); // expected-remark-re {{malloc(20) does not escape: use a stack array '_Alignas(16) char {{[a-z0-9_]+}}[20]' (20 bytes), declared beside 'p' (no fix-it) [cescape:heap-to-stack]}}
  p[0] = 0;
}

// The pointer chooses between two locals with ?: -- both stay local.
void choose_two_locals(int c) {
  char *a = 0, *b = 0;
  char **pp = c ? &a : &b;
  *pp = malloc(21); // expected-remark-re {{malloc(21) does not escape: use a stack array '_Alignas(16) char {{[a-z0-9_]+}}[21]' (21 bytes), declared beside 'a' (no fix-it) [cescape:heap-to-stack]}}
  if (a)
    a[0] = 0;
}

// ---- A target local escapes, so what is stored through the pointer does ----

// The target local is copied to a global afterwards.
void target_to_global(void) {
  char *p;
  char **pp = &p;
  *pp = malloc(22); // expected-remark-re {{escapes (global): malloc(22) is stored in a global{{.*}} [cescape:escape]}}
  g = p;
}

// The target local is returned.
char *target_returned(void) {
  char *p;
  char **pp = &p;
  *pp = malloc(23); // expected-remark-re {{escapes (return): malloc(23) is returned to the caller{{.*}} [cescape:escape]}}
  return p;
}

// One of the two ?: targets is returned: the store may have gone there.
char *choose_one_returned(int c) {
  char *a = 0, *b = 0;
  char **pp = c ? &a : &b;
  *pp = malloc(24); // expected-remark-re {{escapes (return): malloc(24) is returned to the caller{{.*}} [cescape:escape]}}
  (void)a;
  return b;
}

// The address of the target local is handed to an unknown function, which
// may keep it and read the pointer later: the local escapes to the heap.
void target_address_to_extern(void) {
  char *p;
  char **pp = &p;
  ext(pp);
  *pp = malloc(25); // expected-remark-re {{escapes (heap): malloc(25) is stored in memory that escapes{{.*}} [cescape:escape]}}
}

// The same through a struct member.
void struct_address_to_extern(void) {
  struct h h;
  struct h *hp = &h;
  hp->buf = malloc(26); // expected-remark-re {{escapes (heap): malloc(26) is stored in memory that escapes{{.*}} [cescape:escape]}}
  ext_h(hp);
}

// The local struct's address is stored in a global: a dangling pointer, and
// what is stored in the struct escapes with it.
void struct_address_to_global(void) {
  struct h h; // expected-warning {{address of local variable 'h' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  struct h *hp = &h;
  hp->buf = malloc(27); // expected-remark-re {{escapes (heap): malloc(27) is stored in memory that escapes{{.*}} [cescape:escape]}}
  gh = hp; // expected-note {{the address escapes here (stored in a global)}}
}

// The pointer may point to a local or to the caller's memory.
void local_or_param(char **out, int c) {
  char *p = 0;
  char **pp = &p;
  if (c)
    pp = out;
  *pp = malloc(28); // expected-remark-re {{escapes (param): malloc(28) is stored through a parameter{{.*}} [cescape:escape]}}
  (void)p;
}

// The pointer may point to a local or to a global.
void local_or_global(int c) {
  char *p = 0;
  char **pp = c ? &p : &g;
  *pp = malloc(29); // expected-remark-re {{escapes (global): malloc(29) is stored in a global{{.*}} [cescape:escape]}}
  (void)p;
}

// The pointer may point to a local or to a pointer read from the caller's
// memory.
void local_or_unknown(char ***where, int c) {
  char *p = 0;
  char **pp = c ? &p : *where;
  *pp = malloc(30); // expected-remark-re {{escapes (param): malloc(30) is stored through a parameter{{.*}} [cescape:escape]}}
  (void)p;
}

// ---- Passing &local to functions with bodies that only read ----

// A helper that writes a byte through the pointer it is given.
static void zero_first(char **o) { (*o)[0] = 0; }
void address_to_reader(void) {
  char *local = malloc(31); // expected-remark {{malloc(31) does not escape: use a stack array '_Alignas(16) char local_storage[31]' (31 bytes) [cescape:heap-to-stack]}}
  zero_first(&local);
  local[1] = 0;
}

// The same, then freed: free(local) frees only malloc(32), since
// zero_first() stores nothing into local.
void address_to_reader_freed(void) {
  char *local = malloc(32); // expected-remark {{malloc(32) does not escape: use a stack array '_Alignas(16) char local_storage[32]' (32 bytes) [cescape:heap-to-stack]}}
  zero_first(&local);
  free(local);
}
