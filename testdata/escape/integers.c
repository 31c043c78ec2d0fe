// RUN: %cescape_verify -fplugin-arg-cescape-m %s
// An integer carries no pointer. Where a pointer becomes one (a cast whose
// value is used, a union's integer member, bytes read through a pointer,
// memcpy into integers, __builtin_bit_cast), it escapes as `integer`, unless
// the same expression turns it back into a pointer. This file converts
// pointers all over, and still a struct's counter does not carry the block
// next to it.
#include <libc.h>
typedef unsigned long uintptr_t;
typedef long intptr_t;

struct buf {
  char *data;
  long len;
};

// ---- Integers read from memory that holds pointers ----

// A long member read through a pointer to the struct: the field's own type.
static long len_of(const struct buf *b) { return b->len; }
long len_through_reader(void) {
  struct buf b = {malloc(16), 16}; // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  long n = len_of(&b);
  free(b.data);
  return n;
}

// The twin: the reader converts the pointer member instead.
static uintptr_t address_of(const struct buf *b) { return (uintptr_t)b->data; }
uintptr_t address_through_reader(void) {
  struct buf b = {malloc(17), 17}; // expected-remark-re {{escapes (call): malloc(17){{.*}} [cescape:escape]}}
  uintptr_t a = address_of(&b);
  free(b.data);
  return a;
}

// A local union holding the block: reading the long reads the pointer.
long local_union(void) {
  union {
    char *p;
    long l;
  } u;
  u.p = malloc(20); // expected-remark-re {{escapes (integer): malloc(20) is converted to an integer at {{.*}}escape/integers.c:44:10 [cescape:escape]}}
  return u.l;
}

// The twin: the union's pointer member read as a pointer.
char g_first;
void local_union_pointer(void) {
  union {
    char *p;
    long l;
  } u;
  u.p = malloc(21); // expected-remark-re {{malloc(21) does not escape{{.*}} [cescape:heap-to-stack]}}
  g_first = u.p[0];
  free(u.p);
}

// A string helper reads bytes and compares them: no value goes anywhere.
static unsigned long length(const char *s) {
  unsigned long n = 0;
  while (s[n] != 0)
    n++;
  return n;
}
unsigned long measured(void) {
  char *s = malloc(22); // expected-remark-re {{malloc(22) does not escape{{.*}} [cescape:heap-to-stack]}}
  s[0] = 0;
  unsigned long n = length(s);
  free(s);
  return n;
}

// Bytes of a struct holding the block, copied out through char pointers:
// the bytes are the pointer.
char *bytewise(void) {
  struct buf from = {malloc(23), 23}; // expected-remark-re {{escapes (integer): malloc(23) is converted to an integer{{.*}} [cescape:escape]}}
  struct buf to;
  const char *src = (const char *)&from;
  char *dst = (char *)&to;
  for (unsigned long i = 0; i < sizeof from; i++)
    dst[i] = src[i];
  return to.data;
}

// The pointer's own word, read through a void *.
uintptr_t g_word;
static uintptr_t word_at(const void *at) { return *(const uintptr_t *)at; }
void word_view(void) {
  char *x = malloc(24); // expected-remark-re {{escapes (call): malloc(24){{.*}} [cescape:escape]}}
  g_word = word_at(&x);
}

// ---- Casts ----

// The integer made by a helper is the pointer.
static uintptr_t to_int(char *p) { return (uintptr_t)p; }
uintptr_t through_helper(void) {
  char *p = malloc(25); // expected-remark-re {{escapes (call): malloc(25){{.*}} [cescape:escape]}}
  uintptr_t v = to_int(p);
  return v;
}

// __builtin_bit_cast turns the pointer into an integer.
struct word {
  intptr_t v;
};
char *g_from_word;
void bit_cast(void) {
  char *p = malloc(28); // expected-remark-re {{escapes (integer): malloc(28){{.*}} [cescape:escape]}}
  struct word w;
  w.v = __builtin_bit_cast(intptr_t, p);
  g_from_word = (char *)w.v;
}

// The pointer's bytes copied into a struct of integers.
void memcpy_into_integers(void) {
  char *p = malloc(29); // expected-remark-re {{escapes (heap): malloc(29){{.*}} [cescape:escape]}}
  struct word w;
  memcpy(&w, &p, sizeof p);
  g_from_word = (char *)w.v;
}

// A pointer split into two 32-bit halves: each half is converted.
unsigned lo32, hi32;
void split(void) {
  char *p = malloc(30); // expected-remark-re {{escapes (integer): malloc(30){{.*}} [cescape:escape]}}
  uintptr_t u = (uintptr_t)p;
  lo32 = (unsigned)u;
  hi32 = (unsigned)(u >> 32);
}

// ---- Integers made of pointers that hold no address ----

// A distance between two addresses of the block is a length, not the block
// (libyaml's scratch strings).
long g_length;
void distance(void) {
  char *start = malloc(32); // expected-remark {{malloc(32) does not escape}}
  char *end = start + 8;
  g_length = end - start;
  free(start);
}

// The twins: a distance from the null pointer is the address (obstack's
// old __PTR_TO_INT), and so is one between integers, which relocation
// code adds to pointers of another block.
void distance_from_null(void) {
  char *p = malloc(36); // expected-remark {{escapes (integer): malloc(36) is converted to an integer}}
  g_length = p - (char *)0;
  free(p);
}
void distance_from_null_integer(void) {
  char *p = malloc(37); // expected-remark {{escapes (integer): malloc(37) is converted to an integer}}
  g_length = (uintptr_t)p - (uintptr_t)(char *)0;
  free(p);
}
char *relocated(char *cur, char *old) {
  char *moved = malloc(38); // expected-remark {{escapes (integer): malloc(38) is converted to an integer}}
  uintptr_t delta = (uintptr_t)moved - (uintptr_t)old;
  return (char *)((uintptr_t)cur + delta);
}
char *relocated_in_one(char *cur, char *old) {
  char *moved = malloc(39); // expected-remark {{escapes (return): malloc(39) is returned to the caller}}
  return (char *)((uintptr_t)cur + ((uintptr_t)moved - (uintptr_t)old));
}

// The twin: an integer made of the block's address itself.
uintptr_t g_address;
void address(void) {
  char *start = malloc(33); // expected-remark {{escapes (integer): malloc(33) is converted to an integer}}
  g_address = (uintptr_t)(start + 8);
}

// Low bits: an alignment test, a tag, a bucket.
uintptr_t g_tag;
void low_bits(void) {
  char *p = malloc(34); // expected-remark {{malloc(34) does not escape}}
  if ((uintptr_t)p & 15) {
    free(p);
    return;
  }
  g_tag = (uintptr_t)p & 7;
  g_tag += (uintptr_t)p % 64;
  free(p);
}

// The twin: the high bits are the address.
void high_bits(void) {
  char *p = malloc(35); // expected-remark {{escapes (integer): malloc(35) is converted to an integer}}
  g_tag = (uintptr_t)p & ~(uintptr_t)7;
  free(p);
}

// ---- Pointers in memory declared to hold numbers ----
// A pointer that gets into an integer, a byte array or a double by punning
// is read back as bits: it escapes there (a blind review's cases).

// Stored through a pointer cast, read by name.
char *stored_into_word(void) {
  char *p = malloc(80); // expected-remark {{escapes (integer): malloc(80) is converted to an integer}}
  uintptr_t w;
  *(char **)&w = p;
  return (char *)w;
}
char *stored_into_words(void) {
  char *p = malloc(81); // expected-remark {{escapes (integer): malloc(81) is converted to an integer}}
  uintptr_t words[4];
  ((char **)words)[0] = p;
  return (char *)words[0];
}
unsigned char g_wire[8];
void stored_into_bytes(void) {
  char *p = malloc(82); // expected-remark {{escapes (integer): malloc(82) is converted to an integer}}
  unsigned char msg[8];
  *(char **)msg = p;
  for (int i = 0; i < 8; i++)
    g_wire[i] = msg[i];
}

// memcpy into integers, byte arrays and doubles, through void * and a
// helper.
static void copy(void *to, const void *from, size_t n) { memcpy(to, from, n); }
char *copied_by_helper(void) {
  char *p = malloc(83); // expected-remark {{escapes (integer): malloc(83) is converted to an integer}}
  uintptr_t w;
  copy(&w, &p, sizeof p);
  return (char *)w;
}
char *copied_through_void(void) {
  char *p = malloc(84); // expected-remark {{escapes (integer): malloc(84) is converted to an integer}}
  uintptr_t w;
  void *to = &w, *from = &p;
  memcpy(to, from, sizeof p);
  return (char *)w;
}
struct packet {
  unsigned char bytes[8];
  int n;
};
char *copied_into_member_bytes(void) {
  char *p = malloc(85); // expected-remark {{escapes (integer): malloc(85) is converted to an integer}}
  struct packet k;
  memcpy(k.bytes, &p, 8);
  uintptr_t w = 0;
  for (int i = 0; i < 8; i++)
    w |= (uintptr_t)k.bytes[i] << (8 * i);
  return (char *)w;
}
char *copied_into_bytes(void) {
  char *p = malloc(86); // expected-remark {{escapes (integer): malloc(86) is converted to an integer}}
  unsigned char buf[8];
  memcpy(buf, &p, 8);
  uintptr_t w = 0;
  for (int i = 0; i < 8; i++)
    w |= (uintptr_t)buf[i] << (8 * i);
  return (char *)w;
}
void *copied_into_double(void) {
  void *p = malloc(87); // expected-remark {{escapes (heap): malloc(87) is stored in memory that escapes}}
  double d;
  memcpy(&d, &p, 8);
  void *q;
  memcpy(&q, &d, 8);
  return q;
}
char *through_double(void) {
  char *p = malloc(88); // expected-remark {{escapes (integer): malloc(88) is converted to an integer}}
  double d = (double)(uintptr_t)p;
  return (char *)(uintptr_t)d;
}

// A struct of pointers read as a struct of integers.
struct two_pointers {
  char *a, *b;
};
struct two_words {
  uintptr_t a, b;
};
uintptr_t words_of_pointers(void) {
  struct two_pointers ps = {malloc(89), 0}; // expected-remark {{escapes (integer): malloc(89) is converted to an integer}}
  struct two_words ws = *(struct two_words *)&ps;
  return ws.a;
}

uintptr_t word_of_pointers(void) {
  struct two_pointers ps = {malloc(96), 0}; // expected-remark {{escapes (integer): malloc(96) is converted to an integer}}
  uintptr_t w = ((struct two_words *)&ps)->a;
  free(ps.a);
  return w;
}
uintptr_t word_of_words(struct two_words *ws) {
  char *q = malloc(97); // expected-remark {{malloc(97) does not escape}}
  uintptr_t w = ws->a;
  free(q);
  return w;
}

// The twin: a struct copied whole into one of its own type keeps its
// pointer in the pointer field, its length in the number field.
long copied_struct(void) {
  struct buf a = {malloc(90), 90}; // expected-remark {{malloc(90) does not escape}}
  struct buf b;
  b = a;
  long n = b.len;
  free(b.data);
  return n;
}

// A union's double member (NaN boxing) and a union member's address.
union boxed {
  void *p;
  double d;
};
void *unboxed(void) {
  union boxed a, b;
  a.p = malloc(91); // expected-remark {{escapes (integer): malloc(91) is converted to an integer}}
  b.d = a.d;
  return b.p;
}
union tagged_word {
  char *p;
  long l;
};
long *word_address(void) {
  union tagged_word *u = malloc(sizeof *u); // expected-remark {{escapes (return): malloc(sizeof *u) is returned to the caller}}
  u->p = malloc(92); // expected-remark {{escapes (heap): malloc(92) is stored in memory that escapes}}
  return &u->l;
}

// A struct member of a union written and taken the address of, as tar's
// transform segments and nginx's sockaddr copies do.
struct text {
  char *ptr;
  long len;
};
struct segment {
  int kind;
  union {
    struct text literal;
    long ref;
  } v;
};
void store_through_union_member(struct segment *s) {
  s->v.literal.ptr = malloc(93); // expected-remark {{escapes (param): malloc(93) is stored through a parameter}}
}
void store_through_member_address(struct segment *s) {
  struct text *t = &s->v.literal;
  t->ptr = malloc(94); // expected-remark {{escapes (param): malloc(94) is stored through a parameter}}
}

// The twins: a number field read through a pointer is the field, also as
// an element's or a dereference's member.
struct item {
  char *name;
  long len;
};
long field_of_element(struct item *items) {
  char *q = malloc(95); // expected-remark {{malloc(95) does not escape}}
  long n = items[0].len + (*items).len + items->len;
  free(q);
  return n;
}

// ---- Back to a pointer ----

// Rounded up to an alignment in one expression: still the block.
void aligned_up(void) {
  char *p = malloc(64); // expected-remark {{malloc(64) does not escape}}
  char *q = (char *)(((uintptr_t)p + 15) & ~(uintptr_t)15);
  q[0] = 1;
  free(p);
}

// The twin: the rounded pointer goes to a global.
char *g_aligned;
void aligned_up_kept(void) {
  char *p = malloc(65); // expected-remark-re {{escapes (global): malloc(65) is stored in a global{{.*}} [cescape:escape]}}
  g_aligned = (char *)(((uintptr_t)p + 15) & ~(uintptr_t)15);
}

// An offset from elsewhere: the slot may be anywhere, so what is stored in
// it escapes, while the block itself is followed.
void offset_slot(uintptr_t off) {
  char *p = malloc(66); // expected-remark {{malloc(66) does not escape}}
  char **slot = (char **)((uintptr_t)p + off);
  *slot = malloc(10); // expected-remark-re {{escapes (heap): malloc(10) is stored in memory that escapes{{.*}} [cescape:escape]}}
  free(p);
}

// The twin: a slot inside the block, by pointer arithmetic.
void block_slot(void) {
  char **p = malloc(67); // expected-remark {{malloc(67) does not escape}}
  char **slot = p + 1;
  *slot = malloc(11); // expected-remark {{malloc(11) does not escape}}
  free(*slot);
  free(p);
}

// An integer from anywhere, as a pointer: memory we cannot see.
void from_integer(uintptr_t n) {
  char **slot = (char **)n;
  *slot = malloc(12); // expected-remark-re {{escapes (heap): malloc(12) is stored in memory that escapes{{.*}} [cescape:escape]}}
}

// A word written over a pointer through a cast view: the pointer may now
// point anywhere, so what is stored through it escapes.
void word_written(uintptr_t n) {
  char **p = malloc(sizeof(char *)); // expected-remark {{does not escape}}
  char ***pp = &p;
  *(uintptr_t *)pp = n;
  *p = malloc(13); // expected-remark-re {{escapes (heap): malloc(13) is stored in memory that escapes{{.*}} [cescape:escape]}}
}

// Bytes that leave the program may come back as a pointer: read(fd, &q, 8)
// after write(fd, &p, 8) is a round trip through a pipe, a file, a socket.
long write(int, const void *, size_t);
int sprintf(char *restrict, const char *restrict, ...);
char *gettext(const char *) __attribute__((format_arg(1)));
char g_text[64];

void write_pointer(int fd) {
  char *p = malloc(120); // expected-remark-re {{escapes (integer): malloc(120) is converted to an integer at{{.*}} [cescape:escape]}}
  write(fd, &p, sizeof p);
  free(p);
}

// The twin: the block's text is written, not its address.
void write_text(int fd) {
  char *p = malloc(121); // expected-remark {{malloc(121) does not escape}}
  write(fd, p, 121);
  free(p);
}

// "%p" prints the address, which scanf("%p") reads back.
void print_address(void) {
  char *p = malloc(122); // expected-remark-re {{escapes (integer): malloc(122) is converted to an integer at{{.*}} [cescape:escape]}}
  printf("%s at %p\n", p, (void *)p);
  free(p);
}

// The twin: "%s" prints the characters, here through gettext's format_arg.
void print_text(int again) {
  char *p = malloc(123); // expected-remark {{malloc(123) does not escape}}
  printf(gettext(again ? "%s again\n" : "%s\n"), p);
  free(p);
}

// A format the analysis cannot read may hold "%p".
void sprint_unknown_format(const char *format) {
  char *p = malloc(124); // expected-remark-re {{escapes (global): malloc(124) is stored in a global at{{.*}} [cescape:escape]}}
  sprintf(g_text, format, p);
  free(p);
}

// The twin: a literal "%s" puts the characters into the buffer.
void sprint_text(void) {
  char *p = malloc(125); // expected-remark {{malloc(125) does not escape}}
  sprintf(g_text, "%s", p);
  free(p);
}

// A heap struct of numbers holds a pointer only by punning: its number read
// is the pointer.
struct counters {
  uintptr_t w;
  long n;
};
uintptr_t g_w;

void heap_numbers_punned(void) {
  char *p = malloc(126); // expected-remark-re {{escapes (integer): malloc(126) is converted to an integer at{{.*}} [cescape:escape]}}
  struct counters *c = malloc(sizeof *c); // expected-remark {{does not escape}}
  void *raw = c;
  memcpy(raw, &p, sizeof p);
  g_w = c->w;
  free(c);
  free(p);
}

// The twin: a struct that holds a pointer keeps it in its pointer field, and
// its number is a number.
struct named {
  char *name;
  uintptr_t w;
};

void heap_named_number(void) {
  char *p = malloc(127); // expected-remark {{malloc(127) does not escape}}
  struct named *c = malloc(sizeof *c); // expected-remark {{does not escape}}
  memcpy(&c->name, &p, sizeof p);
  c->w = 0;
  g_w = c->w;
  free(c);
  free(p);
}

// A pointer stored through a view over a struct's number field.

void view_over_number(void) {
  char *p = malloc(128); // expected-remark-re {{escapes (integer): malloc(128) is converted to an integer at{{.*}} [cescape:escape]}}
  struct named s = {0, 0};
  ((struct two_pointers *)&s)->b = p;
  g_w = s.w;
  free(p);
}

// The twin: the view's pointer lies over the struct's pointer (a struct's
// first member as its "base").
struct base {
  char *name;
};

void view_over_pointer(void) {
  char *p = malloc(129); // expected-remark {{malloc(129) does not escape}}
  struct named s = {0, 0};
  ((struct base *)&s)->name = p;
  g_w = s.w;
  free(p);
}

// Through a local that holds the view, one element past the first struct.
void view_slots(void) {
  char *p = malloc(130); // expected-remark-re {{escapes (integer): malloc(130) is converted to an integer at{{.*}} [cescape:escape]}}
  struct named a[2] = {{0, 0}, {0, 0}};
  char **slots = (char **)a;
  slots[3] = p;
  g_w = a[1].w;
  free(p);
}

// The twin: the slot is the second struct's pointer.
void view_slots_pointer(void) {
  char *p = malloc(131); // expected-remark {{malloc(131) does not escape}}
  struct named a[2] = {{0, 0}, {0, 0}};
  char **slots = (char **)a;
  slots[2] = p;
  g_w = a[1].w;
  free(p);
}

// A must-escape beside view_slots: the local moved on, so its index no
// longer tells where it stores (the second word is a number).
void view_slots_moved(void) {
  char *p = malloc(132); // expected-remark-re {{escapes (integer): malloc(132) is converted to an integer at{{.*}} [cescape:escape]}}
  struct named a[2] = {{0, 0}, {0, 0}};
  char **slots = (char **)a;
  slots++;
  slots[0] = p;
  g_w = a[0].w;
  free(p);
}
