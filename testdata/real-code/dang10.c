// RUN: %cescape_verify -fplugin-arg-cescape-config=none %s
// RUN: %cescape_verify -fplugin-arg-cescape-config=none -O2 -D_FORTIFY_SOURCE=2 %s
//
// gawk support/regexec.c (gnulib dynarray), reduced
// (shared/repros/real-code/dang10.c): a local struct whose init function
// points it at its own scratch array. Truth: nothing dangles.
#include <stddef.h>
struct list { size_t used; int *array; int scratch[8]; };
static void list_init(struct list *l) { l->used = 0; l->array = l->scratch; }
int sum(const int *v, size_t n) {
  struct list tmp;
  list_init(&tmp);
  for (size_t i = 0; i < n && i < 8; i++) tmp.array[tmp.used++] = v[i];
  int s = 0;
  for (size_t i = 0; i < tmp.used; i++) s += tmp.array[i];
  return s;
}

// Positive control: the scratch array is handed back.
int *first(const int *v, size_t n) {
  struct list tmp; // expected-warning {{address of local variable 'tmp' escapes its frame (return): it is returned to the caller [cescape:dangling]}}
  tmp.used = 0;
  tmp.array = tmp.scratch; // list_init, written out (what a callee does to
                           // its argument's memory is not followed)
  for (size_t i = 0; i < n && i < 8; i++) tmp.array[tmp.used++] = v[i];
  return tmp.array; // expected-note {{the address escapes here (returned)}}
}
