// An allocator wrapper that only allocates.
#include <libc.h>
void *xalloc(unsigned long n) { return malloc(n); }
