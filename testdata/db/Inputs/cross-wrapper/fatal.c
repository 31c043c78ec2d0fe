// fatal() formats its message in a block from xmalloc: the cycle through
// alloc.c.
#include <stdio.h>
#include <stdlib.h>

void *xmalloc(size_t n);

static void *kept;

void remember(void *p) { kept = p; }

void fatal(const char *why) {
  char *msg = xmalloc(128);
  snprintf(msg, 128, "fatal: %s\n", why);
  fputs(msg, stderr);
  free(msg);
  exit(1);
}
