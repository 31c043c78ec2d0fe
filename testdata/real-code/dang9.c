// RUN: %cescape_verify -fplugin-arg-cescape-config=none %s
// RUN: %cescape_verify -fplugin-arg-cescape-config=none -O2 -D_FORTIFY_SOURCE=2 %s
//
// sed execute.c, reduced (shared/repros/real-code/dang9.c; gnulib's config.h
// turns fortify on): the size_t that fread_unlocked returns is a count, not
// the buffer, also when the fortified inline wrapper is used. Truth:
// nothing dangles.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
struct line { char *active; size_t length; };
static struct line acc;
static void str_append(struct line *to, const char *s, size_t len) {
  memcpy(to->active + to->length, s, len);
  to->length += len;
}
int aligned(const void *q) { return ((uintptr_t)q & 7) == 0; }
void slurp(FILE *fp) {
  char buf[4096];
  size_t n;
  while ((n = fread_unlocked(buf, 1, sizeof buf, fp)) > 0)
    str_append(&acc, buf, n);
}

// Positive control: the buffer itself becomes the line.
static void str_adopt(struct line *to, char *s, size_t len) {
  to->active = s;
  to->length = len;
}
void adopt(FILE *fp) {
  char buf[4096]; // expected-warning {{address of local variable 'buf' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  size_t n = fread_unlocked(buf, 1, sizeof buf, fp);
  str_adopt(&acc, buf, n); // expected-note {{the address escapes here (stored in a global)}}
}
