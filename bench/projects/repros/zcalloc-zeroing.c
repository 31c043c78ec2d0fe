/* Redis-style zcalloc(size): one argument, returns zeroed memory, defined in
   another file (zmalloc.c). Declared as the brief's Redis .cescape does:
     alloc = zcalloc:zfree
   the heap-to-stack fix-it gives an uninitialised 'int p_storage[16]'. */
#include <stdio.h>
#include <stdlib.h>
void *zcalloc(size_t size);
void zfree(void *p);
static void scribble(void) { volatile int junk[64]; for (int i = 0; i < 64; i++) junk[i] = 0x5a5a5a5a; }
static int count_set(int k) {
  int *seen = zcalloc(16 * sizeof(int));
  int n = 0;
  seen[k & 15] = 1;
  for (int i = 0; i < 16; i++) n += seen[i] != 0;
  zfree(seen);
  return n;
}
int main(void) { scribble(); printf("%d\n", count_set(3)); return 0; }
/* zmalloc.c, another translation unit */
void *zcalloc(size_t size) { return calloc(1, size); }
void zfree(void *p) { free(p); }
