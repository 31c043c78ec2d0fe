// The same findings at -O0 and at -O2 with _FORTIFY_SOURCE, whose headers
// turn memcpy, fread and snprintf into inline wrappers around __*_chk
// builtins (sed's gnulib config.h turns it on).
// RUN: %cescape_verify %s
// RUN: %cescape_verify -O2 -D_FORTIFY_SOURCE=2 %s

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// fread's size_t result is a count: it carries no address of the buffer.
size_t g_count;
void read_count(FILE *f) {
  char buf[64]; // nothing
  g_count = fread(buf, 1, sizeof buf, f);
}

// snprintf's result likewise.
int g_len;
void print_len(int v) {
  char buf[16]; // nothing
  g_len = snprintf(buf, sizeof buf, "%d", v);
}

// The twin: fgets returns its buffer, an address.
char *g_line;
void read_line(FILE *f) {
  char buf[64]; // expected-warning {{address of local variable 'buf' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  g_line = fgets(buf, sizeof buf, f); // expected-note {{the address escapes here (stored in a global)}}
}

// memcpy of the pointer's bytes into a global is a store of the address.
char *g_buf;
void copy_pointer(void) {
  char buf[8]; // expected-warning {{address of local variable 'buf' escapes its frame (global): it is stored in a global [cescape:dangling]}}
  char *p = buf;
  memcpy(&g_buf, &p, sizeof p); // expected-note {{the address escapes here (stored in a global)}}
}

// memcpy of the buffer's contents is not.
char g_copy[8];
void copy_contents(void) {
  char buf[8] = "abc"; // nothing
  memcpy(g_copy, buf, sizeof buf);
}

// strcpy returns its destination: a global's own address.
char *copied_into_global(const char *s) {
  char tmp[8]; // nothing
  strncpy(tmp, s, sizeof tmp - 1);
  tmp[7] = 0;
  return strcpy(g_copy, tmp);
}

// But the same returning the local buffer dangles.
char *copied_into_local(const char *s) {
  char tmp[8]; // expected-warning-re {{address of local variable 'tmp' escapes its frame (return){{.*}} [cescape:dangling]}}
  return strcpy(tmp, s); // expected-note {{the address escapes here (returned)}}
}

// fprintf becomes __fprintf_chk, whose flag argument moves the format: the
// block is printed, not kept (bash's mkbuiltins.c, openssh's ssh-keygen.c).
int report_missing(const char *dir) {
  char *name = malloc(strlen(dir) + 2); // expected-remark {{malloc(strlen(dir) + 2) does not escape but its size is not constant: use a 256-byte stack buffer and fall back to the heap when it is larger [cescape:small-buffer]}}
  if (!name)
    return -1;
  strcpy(name, dir);
  strcat(name, "/");
  fprintf(stderr, "cannot open %s\n", name);
  free(name);
  return 0;
}

// read becomes __read_alias, declared with __asm__("read") (or __read_chk):
// the symbol is read's, and so is the model (bash's histfile.c).
int first_byte(int fd, size_t n) {
  char *buf = malloc(n); // expected-remark {{malloc(n) does not escape but its size is not constant: use a 256-byte stack buffer and fall back to the heap when it is larger [cescape:small-buffer]}}
  if (!buf)
    return -1;
  ssize_t got = read(fd, buf, n);
  int first = got > 0 ? buf[0] : -1;
  free(buf);
  return first;
}

// Their twins, which stay escapes: an address printed with %p (the
// fortified format is found where it moved), and a function whose asm
// label names a symbol the model does not know.
int print_address(size_t n) {
  char *p = malloc(n); // nothing
  if (!p)
    return -1;
  fprintf(stderr, "%p\n", (void *)p);
  free(p);
  return 0;
}
void *keeper(void *p) __asm__("cescape_test_keeper");
int handed_to_label(size_t n) {
  char *p = malloc(n); // nothing
  if (!p)
    return -1;
  keeper(p);
  free(p);
  return 0;
}
