// RUN: %cescape_verify -fplugin-arg-cescape-config=none %s
// RUN: %cescape_verify -fplugin-arg-cescape-config=none -O2 -D_FORTIFY_SOURCE=2 %s
//
// gawk support/regexec.c (gnulib dynarray, malloc/dynarray-skeleton.c),
// reduced (shared/repros/real-code/dang11.c): dang10.c through a union of a
// generic and a typed header. Truth: nothing dangles.
#include <stddef.h>
struct hdr { size_t used; size_t allocated; void *array; };
struct list {
  union { struct hdr dynarray_abstract;
          struct { size_t used; size_t allocated; int *array; } dynarray_header; } u;
  int scratch[8];
};
static void list_init(struct list *l) {
  l->u.dynarray_header.used = 0;
  l->u.dynarray_header.allocated = 8;
  l->u.dynarray_header.array = l->scratch;
}
int sum(const int *v, size_t n) {
  struct list tmp;
  list_init(&tmp);
  for (size_t i = 0; i < n && i < 8; i++) tmp.u.dynarray_header.array[tmp.u.dynarray_header.used++] = v[i];
  int s = 0;
  for (size_t i = 0; i < tmp.u.dynarray_header.used; i++) s += tmp.u.dynarray_header.array[i];
  return s;
}

// Positive control: the array is read back through the other union member
// and returned.
void *array_of(const int *v, size_t n) {
  struct list tmp; // expected-warning {{address of local variable 'tmp' escapes its frame (return): it is returned to the caller [cescape:dangling]}}
  tmp.u.dynarray_header.used = 0;
  tmp.u.dynarray_header.array = tmp.scratch; // list_init, written out
  for (size_t i = 0; i < n && i < 8; i++) tmp.u.dynarray_header.array[tmp.u.dynarray_header.used++] = v[i];
  return tmp.u.dynarray_abstract.array; // expected-note {{the address escapes here (returned)}}
}
