// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// `p = p->next` reads what the previous block holds: the points-to analysis
// behind stores and free() must follow every such step (to a bounded depth,
// then it calls the value unknown), not only the shortest path to p.

#include <libc.h>

struct node {
  struct node *next;
  int *v;
};
struct node *tail_kept;

// p walks from a to b, which a global holds: the store through p may put
// the new block into b.
void store_through_chased_pointer(void) {
  struct node *a = malloc(sizeof *a); // expected-remark-re {{malloc(sizeof *a) does not escape{{.*}} [cescape:heap-to-stack]}}
  struct node *b = malloc(sizeof *b); // expected-remark-re {{escapes (global){{.*}} [cescape:escape]}}
  a->next = b;
  b->next = 0;
  tail_kept = b;
  struct node *p = a;
  while (p->next)
    p = p->next;
  p->v = malloc(16); // expected-remark-re {{escapes (heap): malloc(16) is stored in memory that escapes{{.*}} [cescape:escape]}}
}

// A list freed node by node: free(p) frees more than the first block, so
// removing it with the first block's rewrite would leak the rest.
static void append(struct node *parent) {
  struct node *n = calloc(1, sizeof *n); // expected-remark-re {{escapes (param){{.*}} [cescape:escape]}}
  n->next = parent->next;
  parent->next = n;
}

int free_list_loop(int k) {
  struct node *first = calloc(1, sizeof *first); // expected-remark-re {{escapes (call): calloc(1, sizeof *first) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  for (int i = 0; i < k; i++)
    append(first);
  struct node *p = first;
  while (p) {
    struct node *next = p->next;
    free(p);
    p = next;
  }
  return 0;
}

// Both blocks are local and nothing escapes: the walk does not change that.
int walk_local_list(void) {
  struct node *a = malloc(sizeof *a); // expected-remark-re {{malloc(sizeof *a) does not escape{{.*}} [cescape:heap-to-stack]}}
  struct node *b = malloc(sizeof *b); // expected-remark-re {{malloc(sizeof *b) does not escape{{.*}} [cescape:heap-to-stack]}}
  a->next = b;
  b->next = 0;
  int n = 0;
  for (struct node *p = a; p; p = p->next)
    n++;
  return n;
}
