// openssh's xmalloc: it calls fatal() on failure, and fatal (in another
// unit) allocates with xmalloc, so xmalloc is on a cycle through other
// units. It is still a wrapper: its result is one fresh block.
#include <stdlib.h>

void fatal(const char *why) __attribute__((noreturn));
void remember(void *p);

void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (p == NULL)
    fatal("xmalloc: out of memory");
  return p;
}

// On the same cycle, but the block is handed to a function of the cycle
// that keeps it: no wrapper.
void *xmalloc_remembered(size_t n) {
  void *p = malloc(n);
  if (p == NULL)
    fatal("xmalloc_remembered: out of memory");
  remember(p);
  return p;
}
