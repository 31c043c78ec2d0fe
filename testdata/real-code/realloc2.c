// RUN: %cescape_verify -fplugin-arg-cescape-config=none -fplugin-arg-cescape-m %s
// RUN: %cescape_verify -fplugin-arg-cescape-config=none -fplugin-arg-cescape-m -O2 -D_FORTIFY_SOURCE=2 %s
//
// gnulib xalloc.h, reduced (shared/repros/real-code/realloc2.c). Truth: the
// block is grown by realloc and keeps its contents: never a stack array.
/* gnulib's xalloc.h declares its realloc wrappers with alloc_size only */
#include <stdlib.h>
#include <string.h>
void *xrealloc(void *p, size_t s) __attribute__((alloc_size(2)));

int sum(const char *s) {
    size_t n = strlen(s);
    char *buf = xrealloc(NULL, 4);
    strcpy(buf, "abc");
    buf = xrealloc(buf, n + 4);      /* keeps "abc" */
    strcat(buf, s);
    int r = (int)strlen(buf);
    free(buf);
    return r;
}
int main(void) { return sum("defgh") == 8 ? 0 : 1; }

// Positive control: a fresh allocator used the same way is a stack array.
void *xmalloc(size_t s) __attribute__((malloc, alloc_size(1)));
int sum_fresh(void) {
    char *buf = xmalloc(4);  // expected-remark {{xmalloc(4) does not escape: use a stack array '_Alignas(16) char buf_storage[4] = {0}' (4 bytes) [cescape:heap-to-stack]}}
    strcpy(buf, "abc");
    int r = (int)strlen(buf);
    free(buf);
    return r;
}
