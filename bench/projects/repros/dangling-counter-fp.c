/* git builtin/index-pack.c write_compressed: a z_stream-like struct points
   at a local buffer; only its byte counter is returned. Any (uintptr_t)
   cast elsewhere in the file (git-compat-util.h has some) makes the
   counter carry the buffer's address. */
#include <stdint.h>
struct zs { unsigned char *next_out; unsigned avail_out; unsigned long total_out; };
void deflate_some(struct zs *s);
static inline int is_aligned(const void *p) { return ((uintptr_t)p & 7) == 0; }
unsigned long compress_len(void) {
  struct zs stream;
  unsigned char outbuf[64];
  stream.total_out = 0;
  stream.next_out = outbuf;
  stream.avail_out = sizeof(outbuf);
  deflate_some(&stream);
  return stream.total_out;
}
