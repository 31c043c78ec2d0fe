// The same allocator wrapper, which also counts its calls.
#include <libc.h>
unsigned long allocations;
void *xalloc(unsigned long n) {
  allocations++;
  return malloc(n);
}
