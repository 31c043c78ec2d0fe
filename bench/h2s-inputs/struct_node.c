/* A struct node whose pointer field is set to NULL. */
#include <stdlib.h>

struct node {
  struct node *next;
  int value;
};

int struct_node(int v) {
  struct node *n = malloc(sizeof *n);
  n->next = NULL;
  n->value = v;
  int r = n->value + (n->next == NULL);
  free(n);
  return r;
}
