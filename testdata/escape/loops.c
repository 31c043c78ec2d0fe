// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// An allocation made in a loop body can become a stack array only when no
// variable that holds it can hand it to a later iteration: one declared in
// the same loop body, or a scalar declared outside the loop that every
// iteration assigns before reading it (dead where the loop jumps back). Any
// other variable declared outside the loop may hold several iterations'
// blocks at once (Go's loop depth rule: escapes (loop)). A backward goto
// makes a loop too.

#include <libc.h>
int more(void);

struct node {
  struct node *next;
  int v;
};

// malloc in a for body, held by a variable of the same body.
void for_body(int n) {
  for (int i = 0; i < n; i++) {
    char *p = malloc(8); // expected-remark {{malloc(8) does not escape: use a stack array '_Alignas(16) char p_storage[8]' (8 bytes) [cescape:heap-to-stack]}}
    p[0] = (char)i;
    free(p);
  }
}

// The same in a while body.
void while_body(void) {
  while (more()) {
    int *a = calloc(4, sizeof(int)); // expected-remark {{calloc(4, sizeof(int)) does not escape: use a stack array 'int a_storage[4] = {0}' (16 bytes) [cescape:heap-to-stack]}}
    a[0] = 1;
    free(a);
  }
}

// The same in a do body.
void do_body(void) {
  do {
    char *p = malloc(9); // expected-remark {{malloc(9) does not escape: use a stack array '_Alignas(16) char p_storage[9]' (9 bytes) [cescape:heap-to-stack]}}
    memset(p, 0, 9);
    free(p);
  } while (more());
}

// Declared in the body, never freed: still one block per iteration.
void for_body_no_free(int n) {
  for (int i = 0; i < n; i++) {
    char *p = malloc(10); // expected-remark-re {{malloc(10) does not escape{{.*}} [cescape:heap-to-stack]}}
    p[0] = 0;
  }
}

// malloc in a for body assigned to a variable declared before the loop.
void for_outer_var(int n) {
  char *p = 0;
  for (int i = 0; i < n; i++)
    p = malloc(11); // expected-remark-re {{escapes (loop): malloc(11) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
  if (p)
    p[0] = 0;
}

// Declared before a while loop, assigned at the top of every iteration and
// freed in it: the previous iteration's block is never read again, so one
// array declared beside the variable serves every iteration.
void while_outer_var_freed(void) {
  char *p;
  while (more()) {
    p = malloc(12); // expected-remark {{malloc(12) does not escape: use a stack array '_Alignas(16) char p_storage[12]' (12 bytes) [cescape:heap-to-stack]}}
    p[0] = 0;
    free(p);
  }
}

// The same in a do loop, never freed, the last block used after the loop:
// only the last one is ever read.
void do_outer_var(void) {
  char *last = 0;
  do {
    last = malloc(13); // expected-remark {{malloc(13) does not escape: use a stack array '_Alignas(16) char last_storage[13]' (13 bytes) [cescape:heap-to-stack]}}
  } while (more());
  last[0] = 0;
}

// Declared in the body but copied to a variable declared outside the loop.
void body_var_copied_out(int n) {
  char *keep = 0;
  for (int i = 0; i < n; i++) {
    char *p = malloc(14); // expected-remark-re {{escapes (loop): malloc(14) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
    keep = p;
  }
  if (keep)
    keep[0] = 0;
}

// Stored in a local array declared outside the loop: every element holds a
// different iteration's block.
void outer_array(void) {
  char *slots[4];
  for (int i = 0; i < 4; i++)
    slots[i] = malloc(15); // expected-remark-re {{escapes (loop): malloc(15) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
  slots[0][0] = slots[3][0];
}

// A linked list built in a loop: each node points to the previous one.
int linked_list(int n) {
  struct node *head = 0;
  for (int i = 0; i < n; i++) {
    struct node *nd = malloc(sizeof *nd); // expected-remark-re {{escapes (loop): malloc(sizeof *nd) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
    nd->v = i;
    nd->next = head;
    head = nd;
  }
  int s = 0;
  for (struct node *it = head; it; it = it->next)
    s += it->v;
  return s;
}

// A list built in a loop and returned: return wins over loop.
struct node *list_returned(int n) {
  struct node *head = 0;
  while (n-- > 0) {
    struct node *nd = malloc(sizeof(struct node)); // expected-remark-re {{escapes (return): malloc(sizeof(struct node)) is returned to the caller{{.*}} [cescape:escape]}}
    nd->next = head;
    head = nd;
  }
  return head;
}

// A backward goto (label before, goto after) is a loop.
void backward_goto(void) {
  char *p = 0;
again:
  p = malloc(16); // expected-remark-re {{escapes (loop): malloc(16) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
  p[0] = 0;
  if (more())
    goto again;
}

// A backward goto with the variable declared inside the goto loop: the
// block dies before the next round.
void backward_goto_inner_var(void) {
  int n = 0;
again: {
  char *q = malloc(17); // expected-remark {{malloc(17) does not escape: use a stack array '_Alignas(16) char q_storage[17]' (17 bytes) [cescape:heap-to-stack]}}
  q[0] = 0;
  free(q);
}
  if (++n < 3)
    goto again;
}

// A forward goto is not a loop.
void forward_goto(int c) {
  char *p = 0;
  if (c)
    goto out;
  p = malloc(18); // expected-remark {{malloc(18) does not escape: use a stack array '_Alignas(16) char p_storage[18]' (18 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
out:
  if (p)
    p[1] = 0;
}

// Forward gotos used for cleanup are not loops either.
int forward_goto_cleanup(void) {
  int rc = -1;
  char *p = malloc(19); // expected-remark {{malloc(19) does not escape: use a stack array '_Alignas(16) char p_storage[19]' (19 bytes) [cescape:heap-to-stack]}}
  if (!p)
    goto fail;
  if (!more())
    goto fail;
  p[0] = 0;
  rc = 0;
fail:
  free(p);
  return rc;
}

// Nested loops: held by a variable of the inner body.
void nested_inner_var(int n) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      char *p = malloc(20); // expected-remark {{malloc(20) does not escape: use a stack array '_Alignas(16) char p_storage[20]' (20 bytes) [cescape:heap-to-stack]}}
      p[0] = 0;
      free(p);
    }
}

// Nested loops: allocated in the inner loop, held by a variable of the
// outer body.
void nested_outer_body_var(int n) {
  for (int i = 0; i < n; i++) {
    char *row = 0;
    for (int j = 0; j < n; j++)
      row = malloc(21); // expected-remark-re {{escapes (loop): malloc(21) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
    if (row)
      row[0] = 0;
  }
}

// Nested loops: allocated in the outer body, held by a variable of the outer
// body, used in the inner loop.
void nested_outer_alloc(int n) {
  for (int i = 0; i < n; i++) {
    char *row = malloc(22); // expected-remark {{malloc(22) does not escape: use a stack array '_Alignas(16) char row_storage[22]' (22 bytes) [cescape:heap-to-stack]}}
    for (int j = 0; j < n; j++)
      row[j % 22] = 0;
    free(row);
  }
}

// A for-init declaration runs once, outside the loop.
void for_init_decl(void) {
  for (char *p = malloc(23); p && *p; p++) // expected-remark {{malloc(23) does not escape: use a stack array '_Alignas(16) char p_storage[23]' (23 bytes) [cescape:heap-to-stack]}}
    *p = 0;
}

// A for-init declaration assigned again in the increment clause: each
// iteration's block is held by the same variable.
void for_init_reassigned(int n) {
  for (char *p = malloc(24); n-- > 0; p = malloc(25)) // expected-remark {{malloc(24) does not escape: use a stack array '_Alignas(16) char p_storage[24]' (24 bytes) [cescape:heap-to-stack]}} expected-remark-re {{escapes (loop): malloc(25) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
    p[0] = 0;
}

// Stored through a pointer to a variable declared outside the loop.
void store_through_ptr_to_outer(void) {
  char *outer = 0;
  for (int i = 0; i < 3; i++) {
    char **pp = &outer;
    char *p = malloc(27); // expected-remark-re {{escapes (loop): malloc(27) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
    *pp = p;
  }
  if (outer)
    outer[0] = 0;
}

// Stored through a struct pointer, set before the loop, into a local struct
// declared outside it.
struct h {
  char *buf;
};
void store_into_outer_struct(void) {
  struct h hh;
  struct h *hp = &hh;
  while (more())
    hp->buf = malloc(28); // expected-remark-re {{escapes (loop): malloc(28) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
  hh.buf[0] = 0;
}

// Stored into a non-escaping table allocated before the loop: the table may
// become a stack array, the blocks of the loop may not.
void table_filled_in_loop(void) {
  char **tab = malloc(4 * sizeof(char *)); // expected-remark {{malloc(4 * sizeof(char *)) does not escape: use a stack array 'char *tab_storage[4]' (32 bytes) [cescape:heap-to-stack]}}
  for (int i = 0; i < 4; i++)
    tab[i] = malloc(29); // expected-remark-re {{escapes (loop): malloc(29) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
  tab[0][0] = 0;
  free(tab);
}

// A helper with a body stores into a variable declared outside the loop.
static void put(char **dst, char *v) { *dst = v; }
void store_by_callee_in_loop(void) {
  char *outer = 0;
  for (int i = 0; i < 3; i++) {
    char *p = malloc(30); // expected-remark-re {{escapes (loop): malloc(30) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
    put(&outer, p);
  }
  if (outer)
    outer[0] = 0;
}

// A backward goto loop whose block is kept by a variable declared before
// the label.
void backward_goto_kept(void) {
  char *keep = 0;
  int i = 0;
loop: {
  char *p = malloc(31); // expected-remark-re {{escapes (loop): malloc(31) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
  if (!keep)
    keep = p;
}
  if (++i < 3)
    goto loop;
  keep[0] = 0;
}

// Escapes to a global from inside a loop: (global), not (loop).
char *g;
void loop_to_global(void) {
  for (;;) {
    char *p = malloc(26); // expected-remark-re {{escapes (global): malloc(26) is stored in a global{{.*}} [cescape:escape]}}
    if (more()) {
      g = p;
      break;
    }
    free(p);
  }
}

// Two separate goto loops: a variable of the first loop's region is not in
// the second one, and holds the previous iteration's block.
void disjoint_goto_loops(int n) {
  int tries = 0;
again:;
  char *prev = 0;
  if (tries++ < 1)
    goto again;
  int i = 0;
next:;
  char *p = malloc(40); // expected-remark-re {{escapes (loop): malloc(40) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
  if (prev)
    p[0] = prev[0];
  prev = p;
  if (++i < n)
    goto next;
}

// asm goto jumping backwards is a loop too.
void asm_goto_loop(int n) {
  char *prev = 0;
  int i = 0;
again:;
  char *p = malloc(41); // expected-remark-re {{escapes (loop): malloc(41) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
  if (prev)
    p[0] = prev[0];
  prev = p;
  if (++i < n)
    asm goto("" :::: again);
}

// A goto spelled in an #included fragment: where its loop is cannot be told.
void goto_in_include(int n) {
  char *prev = 0;
  int i = 0;
next:;
  char *p = malloc(42); // expected-remark {{escapes (loop): malloc(42) outlives the loop iteration that allocates it [cescape:escape]}}
  if (prev)
    p[0] = prev[0];
  prev = p;
#include "Inputs/goto-next.inc"
}

// Read at the top of the next iteration before it is assigned again: the
// variable hands the block on (freed there, but the rule does not look at
// the order of free and malloc).
int outer_var_read_next_iteration(int n) {
  char *p = 0;
  int sum = 0;
  for (int i = 0; i < n; i++) {
    if (p) {
      sum += p[0];
      free(p);
    }
    p = malloc(40); // expected-remark-re {{escapes (loop): malloc(40) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
    p[0] = (char)i;
  }
  free(p);
  return sum;
}

// A continue skips the assignment: the next iteration reads the old block.
int outer_var_continue_keeps(int n) {
  char *p = malloc(41); // expected-remark-re {{escapes (call): malloc(41) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  int sum = 0;
  while (n--) {
    sum += p[0];
    if (n & 1)
      continue;
    free(p);
    p = malloc(42); // expected-remark-re {{escapes (call): malloc(42) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
    p[0] = (char)n;
  }
  free(p);
  return sum;
}

// A continue taken after the assignment: still one block per iteration.
int outer_var_continue_after(int n) {
  char *p;
  int sum = 0;
  while (n--) {
    p = malloc(43); // expected-remark {{malloc(43) does not escape: use a stack array '_Alignas(16) char p_storage[43]' (43 bytes) [cescape:heap-to-stack]}}
    p[0] = (char)n;
    if (n & 1) {
      free(p);
      continue;
    }
    sum += p[0];
    free(p);
  }
  return sum;
}

// The variable's address is taken: something else may read the old block
// through it.
int outer_var_address_taken(int n) {
  char *p;
  char **view = &p;
  int sum = 0;
  for (int i = 0; i < n; i++) {
    sum += *view ? 1 : 0;
    p = malloc(44); // expected-remark-re {{escapes (loop): malloc(44) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
    p[0] = 0;
  }
  return sum;
}

// A backward goto's loop is not a for, while or do: no liveness is asked.
void outer_var_goto_loop(void) {
  char *p;
again:
  p = malloc(45); // expected-remark-re {{escapes (loop): malloc(45) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
  p[0] = 0;
  free(p);
  if (more())
    goto again;
}

// Nested loops: allocated in the inner loop, held by a variable declared
// outside both and assigned before every read in each: one block at a time.
void nested_outer_var_dead(int n) {
  char *p;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      p = malloc(46); // expected-remark {{malloc(46) does not escape: use a stack array '_Alignas(16) char p_storage[46]' (46 bytes) [cescape:heap-to-stack]}}
      p[0] = 0;
      free(p);
    }
}

// Nested: read at the top of the outer loop, assigned in the inner one.
int nested_outer_var_read_by_outer(int n) {
  char *p = 0;
  int sum = 0;
  for (int i = 0; i < n; i++) {
    sum += p ? p[0] : 0;
    for (int j = 0; j < n; j++)
      p = malloc(47); // expected-remark-re {{escapes (loop): malloc(47) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
  }
  return sum;
}

// A variable declared inside a goto loop, in the goto's own block: a pass
// that jumps over its declaration finds the last pass's block in it.
void goto_jumps_over_declaration(void) {
  int i = 0;
top:
  if (i > 0)
    goto skip;
  char *prev = 0;
skip:;
  char *p = malloc(18); // expected-remark-re {{escapes (loop): malloc(18) outlives the loop iteration that allocates it{{.*}} [cescape:escape]}}
  p[0] = (char)i;
  if (prev)
    free(prev);
  prev = p;
  if (++i < 3)
    goto top;
  free(prev);
}
