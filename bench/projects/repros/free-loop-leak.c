/* curl lib/formdata.c FormAdd: the first node of a list is allocated here,
   more nodes are linked behind it by a helper, and one loop frees them all. */
#include <stdlib.h>
struct node { struct node *more; int v; };
static struct node *add(struct node *parent) {
  struct node *n = calloc(1, sizeof(struct node));
  if (!n) return NULL;
  n->more = parent->more;
  parent->more = n;
  return n;
}
int build(int k) {
  struct node *first = calloc(1, sizeof(struct node));
  struct node *cur = first;
  int sum = 0;
  if (!first) return -1;
  for (int i = 0; i < k; i++) {
    struct node *n = add(cur);
    if (!n) break;
    n->v = i;
    cur = n;
  }
  for (struct node *p = first; p; p = p->more) sum += p->v;
  struct node *p = first;
  while (p) {
    struct node *next = p->more;
    free(p);
    p = next;
  }
  return sum;
}
int main(void) { return build(3) == 3 ? 0 : 1; }
