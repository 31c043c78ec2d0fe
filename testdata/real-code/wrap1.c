// RUN: %cescape_verify -fplugin-arg-cescape-config=none -fplugin-arg-cescape-m %s
// RUN: %cescape_verify -fplugin-arg-cescape-config=none -fplugin-arg-cescape-m -O2 -D_FORTIFY_SOURCE=2 %s
//
// sed lib/dfa.c comsubs(), reduced (shared/repros/real-code/wrap1.c): a
// wrapper whose block may be replaced by a realloc. Truth: escapes.
/* sed lib/dfa.c comsubs(): a wrapper whose block may be replaced by a realloc */
#include <stdlib.h>
#include <string.h>
static char *grow(char *p, size_t n) { return realloc(p, n); }  // expected-remark-re {{escapes (return): realloc(p, n) is returned to the caller{{.*}} [cescape:escape]}}
static char *mk(size_t n) {
    char *p = calloc(1, 8);  // expected-remark-re {{escapes (return): calloc(1, 8) is returned to the caller{{.*}} [cescape:escape]}}
    if (n > 8)
        p = grow(p, n);
    return p;
}
size_t use(size_t n) {
    char *q = mk(n);
    memset(q, 'x', n - 1);
    q[n - 1] = 0;
    size_t r = strlen(q);
    free(q);
    return r;
}
int main(void) { return use(100) == 99 ? 0 : 1; }

// Positive control: the same wrapper without the realloc path.
static char *mk8(void) { return calloc(1, 8); }  // expected-remark-re {{escapes (return): calloc(1, 8) is returned to the caller{{.*}} [cescape:escape]}}
size_t use8(void) {
    char *q = mk8();  // expected-remark {{mk8() does not escape: use a stack array '_Alignas(16) char q_storage[8] = {0}' (8 bytes) [cescape:heap-to-stack]}}
    memset(q, 'x', 7);
    size_t r = strlen(q);
    free(q);
    return r;
}
