// RUN: %cescape_verify %s
// RUN: %cescape_verify -O2 %s
//
// A visible callee that stores its parameter into a fresh block and returns
// the block (SQLite's sqlite3VdbeCreate: `p->pParse = pParse; return p;`)
// hands the caller a block holding the address: once that block reaches
// the caller's memory, the address is dangling. The callee's summary says
// so only when it holds on every path that returns the block, for a block
// allocated once per call; the caller's writes to that block replace what
// it held. Each silent case has a reported twin.

#include <libc.h>

struct vdbe;
struct parse {
  struct vdbe *v;
  int n;
};
struct vdbe {
  struct parse *p;
  int n;
};
struct blob {
  struct vdbe *stmt;
};

static struct vdbe *vdbe_create(struct parse *p) {
  struct vdbe *v = malloc(sizeof *v);
  if (!v)
    return 0;
  v->p = p;
  v->n = 0;
  return v;
}

// The block reaches the caller's memory directly.
int prepare(struct vdbe **out) {
  struct parse s = {0, 0}; // expected-warning {{address of local variable 's' escapes its frame (heap): it is stored in memory that escapes [cescape:dangling]}}
  *out = vdbe_create(&s); // expected-note {{the address escapes here (stored in memory that escapes)}}
  return 0;
}

// Through another block (sqlite3_blob_open: `pBlob->pStmt =
// sqlite3VdbeCreate(&sParse); ... *ppBlob = pBlob;`).
int blob_open(struct blob **out) {
  struct parse s = {0, 0}; // expected-warning {{address of local variable 's' escapes its frame (heap): it is stored in memory that escapes [cescape:dangling]}}
  struct blob *b = malloc(sizeof *b);
  if (!b)
    return 1;
  b->stmt = vdbe_create(&s); // expected-note {{the address escapes here (stored in memory that escapes)}}
  *out = b;
  return 0;
}

// A wrapper that returns the callee's block: its summary says the same.
static struct vdbe *get_vdbe(struct parse *p) {
  struct vdbe *v = vdbe_create(p);
  if (v)
    v->n = 1;
  return v;
}
int prepare_wrapped(struct vdbe **out) {
  struct parse s = {0, 0}; // expected-warning {{address of local variable 's' escapes its frame (heap): it is stored in memory that escapes [cescape:dangling]}}
  *out = get_vdbe(&s); // expected-note {{the address escapes here (stored in memory that escapes)}}
  return 0;
}

// Undone before the return: the block is the call's own, one per call, so
// the write replaces the address (a parse context pushed, then popped).
int prepare_then_detach(struct vdbe **out) {
  struct parse s = {0, 0}; // nothing
  struct vdbe *v = vdbe_create(&s);
  if (!v)
    return 1;
  *out = v;
  v->p = 0;
  return 0;
}
// The same with the test the other way round.
int prepare_then_detach_if(struct vdbe **out) {
  struct parse s = {0, 0}; // nothing
  struct vdbe *v = vdbe_create(&s);
  *out = v;
  if (v != 0)
    v->p = 0;
  return 0;
}

// The same for a block of the function's own (allocated once per call).
int attach(struct vdbe **out) {
  struct parse s = {0, 0}; // expected-warning {{address of local variable 's' escapes its frame (heap): it is stored in memory that escapes [cescape:dangling]}}
  struct vdbe *v = malloc(sizeof *v);
  if (!v)
    return 1;
  v->p = &s; // expected-note {{the address escapes here (stored in memory that escapes)}}
  *out = v;
  return 0;
}
int attach_then_detach(struct vdbe **out) {
  struct parse s = {0, 0}; // nothing
  struct vdbe *v = malloc(sizeof *v);
  if (!v)
    return 1;
  v->p = &s;
  *out = v;
  v->p = 0;
  return 0;
}
// In a loop, the allocation stands for every iteration's block: the write
// to the last one does not undo the store into the first.
int attach_each(struct vdbe **out, int n) {
  struct parse s = {0, 0}; // expected-warning {{address of local variable 's' escapes its frame (heap): it is stored in memory that escapes [cescape:dangling]}}
  for (int i = 0; i < n; i++) {
    struct vdbe *v = malloc(sizeof *v);
    if (!v)
      return 1;
    v->p = &s; // expected-note {{the address escapes here (stored in memory that escapes)}}
    out[i] = v;
    if (i == n - 1)
      v->p = 0;
  }
  return 0;
}

// The block stays in the frame: a local struct holds it, and only a count
// is returned.
struct holder {
  struct vdbe *v;
  int n;
};
int prepare_locally(void) {
  struct parse s = {0, 0}; // nothing
  struct holder h;
  h.v = vdbe_create(&s); // expected-remark-re {{vdbe_create(&s) does not escape{{.*}} [cescape:heap-to-stack]}}
  h.n = h.v ? h.v->n : 0;
  free(h.v);
  return h.n;
}

// Freed instead of kept.
int prepare_and_free(void) {
  struct parse s = {0, 0}; // nothing
  struct vdbe *v = vdbe_create(&s); // expected-remark-re {{vdbe_create(&s) does not escape{{.*}} [cescape:heap-to-stack]}}
  int n = v ? v->n : 0;
  free(v);
  return n;
}

// A callee that keeps the block to itself (frees it) and returns a count.
static int vdbe_count(struct parse *p) {
  struct vdbe *v = malloc(sizeof *v); // expected-remark-re {{malloc(sizeof *v) does not escape{{.*}} [cescape:heap-to-stack]}}
  if (!v)
    return 0;
  v->p = p;
  v->n = p->n;
  int n = v->n;
  free(v);
  return n;
}
int counts(int *out) {
  struct parse s = {0, 3}; // nothing
  *out = vdbe_count(&s);
  return 0;
}

// A callee whose block holds the parameter only when a flag says so: not on
// every path that returns it, no evidence.
static struct vdbe *vdbe_maybe(struct parse *p, int link) {
  struct vdbe *v = malloc(sizeof *v);
  if (!v)
    return 0;
  if (link)
    v->p = p;
  else
    v->p = 0;
  return v;
}
int prepare_unlinked(struct vdbe **out) {
  struct parse s = {0, 0}; // nothing
  *out = vdbe_maybe(&s, 0);
  return 0;
}

// A callee that may return another object than its block: no evidence.
static struct vdbe *spare;
static struct vdbe *vdbe_or_spare(struct parse *p, int fresh) {
  struct vdbe *v = malloc(sizeof *v);
  if (!v)
    return 0;
  v->p = p;
  return fresh ? v : spare;
}
int prepare_spare(struct vdbe **out) {
  struct parse s = {0, 0}; // nothing
  *out = vdbe_or_spare(&s, 0);
  return 0;
}

// A block allocated in a loop stands for the blocks of every iteration:
// the one returned need not be the one that holds the parameter.
static struct vdbe *vdbe_chain(struct parse *p, int n) {
  struct vdbe *v = 0;
  for (int i = 0; i < n; i++) {
    v = malloc(sizeof *v);
    if (!v)
      return 0;
    v->p = i == 0 ? p : 0;
  }
  return v;
}
int prepare_chain(struct vdbe **out) {
  struct parse s = {0, 0}; // nothing
  *out = vdbe_chain(&s, 2);
  return 0;
}

// A callee that also links the block where others reach it (here the
// parse context; sqlite3VdbeCreate links it into `db->pVdbe` too): code the
// caller calls later may rewrite it, and the caller does not see the link.
// No evidence.
static struct vdbe *vdbe_create_linked(struct parse *p) {
  struct vdbe *v = malloc(sizeof *v);
  if (!v)
    return 0;
  v->p = p;
  p->v = v;
  return v;
}
void parse_reset(struct parse *p);
int prepare_linked(struct vdbe **out) {
  struct parse s = {0, 0}; // nothing
  *out = vdbe_create_linked(&s);
  parse_reset(&s);
  return 0;
}

// Not reported, though dangling: the gaps SQLite's cases fall into
// (bench/projects/handcheck.md). An allocator that is not the C library's
// (sqlite3DbMallocRawNN: a lookaside slot or a block from a function
// pointer) returns memory this check cannot tell is fresh.
static void *(*x_malloc)(size_t) = malloc;
static struct vdbe *vdbe_create_hooked(struct parse *p) {
  struct vdbe *v = x_malloc(sizeof *v);
  if (!v)
    return 0;
  v->p = p;
  return v;
}
int prepare_hooked(struct vdbe **out) {
  struct parse s = {0, 0}; // nothing (dangling)
  *out = vdbe_create_hooked(&s);
  return 0;
}

// A call handed the block after the store may rewrite any pointer in it
// (sqlite3VdbeAddOp2 grows the op array with a memcpy).
void add_op(struct vdbe *v);
static struct vdbe *vdbe_create_op(struct parse *p) {
  struct vdbe *v = malloc(sizeof *v);
  if (!v)
    return 0;
  v->p = p;
  add_op(v);
  return v;
}
int prepare_op(struct vdbe **out) {
  struct parse s = {0, 0}; // nothing (dangling)
  *out = vdbe_create_op(&s);
  return 0;
}

// One level into a parameter's pointee (SQLite's whereLoopAddBtree:
// `pNew = pBuilder->pNew; ... pNew->u.btree.pIndex = &sPk;`): the template
// is the caller's memory.
struct index {
  int n;
};
struct loop {
  struct index *idx;
  int cost;
};
struct builder {
  struct loop *tmpl;
  struct loop *loops;
};
void add_btree(struct builder *b) {
  struct index pk = {0}; // expected-warning {{address of local variable 'pk' escapes its frame (heap): it is stored in memory that escapes [cescape:dangling]}}
  struct loop *l = b->tmpl;
  l->idx = &pk; // expected-note {{the address escapes here (stored in memory that escapes)}}
  l->cost = 1;
}

// Not reported, though dangling: a later call handed the template writes
// that field of some loop (whereLoopInsert copies the template into a list
// entry and clears its pIndex); nothing here shows it is not the template.
static void insert(struct builder *b, struct loop *l) {
  if (b->loops) {
    *b->loops = *l;
    b->loops->idx = 0;
  }
}
void add_btree_insert(struct builder *b) {
  struct index pk = {0}; // nothing (dangling)
  struct loop *l = b->tmpl;
  l->idx = &pk;
  insert(b, l);
}
