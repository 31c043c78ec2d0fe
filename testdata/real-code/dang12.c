// RUN: %cescape_verify -fplugin-arg-cescape-config=none -fplugin-arg-cescape-m %s
// RUN: %cescape_verify -fplugin-arg-cescape-config=none -fplugin-arg-cescape-m -O2 -D_FORTIFY_SOURCE=2 %s
//
// gawk extension/ordchr.c (gawkapi.h make_const_string), reduced
// (shared/repros/real-code/dang12.c): a helper that copies its argument when
// asked to, and keeps it otherwise; this call always copies. Truth: nothing
// dangles.
#include <stdlib.h>
#include <string.h>
struct val { char *str; size_t len; };
static struct val *make_string(const char *s, size_t len, int duplicate, struct val *result) {
  if (duplicate) {
    char *cp = malloc(len + 1); // expected-remark-re {{escapes (param): malloc(len + 1) is stored through a parameter at {{.*}}real-code/dang12.c:15:5 [cescape:escape]}}
    memcpy(cp, s, len); cp[len] = 0;
    result->str = cp;
  } else
    result->str = (char *)s;
  result->len = len;
  return result;
}
struct val *do_chr(int c, struct val *result) {
  char str[2] = { (char)c, 0 };
  return make_string(str, 1, 1, result); /* always copies */
}

// Positive control: a helper that always keeps its argument.
static struct val *make_view(const char *s, size_t len, struct val *result) {
  result->str = (char *)s;
  result->len = len;
  return result;
}
struct val *do_view(int c, struct val *result) {
  char str[2] = { (char)c, 0 }; // expected-warning {{address of local variable 'str' escapes its frame}}
  return make_view(str, 1, result); // expected-note {{the address escapes here}}
}
