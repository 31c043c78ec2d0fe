/* tmpl.h's block stays in its function in the first copy and is moved into
   the global 'kept' in the second (bash 5.2's lib/glob/sm_loop.c is
   included twice so, for char and for wide strings). */
#include <stdlib.h>
#include <string.h>
static char *kept;
static int look(char *s) { return s[0]; }
static int take(char **s) {
  kept = *s;
  *s = NULL;
  return 0;
}
#define FN f_look
#define USE(c) look(c)
#include "tmpl.h"
#undef FN
#undef USE
#ifndef ONCE
#define FN f_take
#define USE(c) take(&(c))
#include "tmpl.h"
#endif
int g(const char *p, unsigned n) {
#ifdef ONCE
  return f_look(p, n);
#else
  return f_look(p, n) + f_take(p, n);
#endif
}
const char *get(void) { return kept; }
