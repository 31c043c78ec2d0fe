// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// The built-in model of the C library: functions without a body that are
// known to only read or write bytes keep a block on the stack; functions
// whose result points into an argument pass the argument on to wherever the
// result goes; functions that keep an argument after they return (setvbuf,
// putenv, strtok) make it escape; comparators of qsort/bsearch are looked
// at when their body is visible.

#include <libc.h>
// libc.h declares struct tm; localtime_r_returned sizes one (sizeof *tm).
struct tm {
  int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year;
};

char *g_str;
struct holder {
  char *buf;
} g_holder;
char g_bytes[64];
char *g_ptrs[4];

//===----------------------------------------------------------------------===//
// Functions that only read or write bytes: stack.
//===----------------------------------------------------------------------===//

// memcpy, memset, memcmp between two blocks.
int copy_and_compare(const char *src) {
  char *a = malloc(32); // expected-remark {{malloc(32) does not escape: use a stack array '_Alignas(16) char a_storage[32]' (32 bytes) [cescape:heap-to-stack]}}
  char *b = malloc(32); // expected-remark {{malloc(32) does not escape: use a stack array '_Alignas(16) char b_storage[32]' (32 bytes) [cescape:heap-to-stack]}}
  memset(a, 0, 32);
  memcpy(b, src, 32);
  memmove(a, b, 16);
  int r = memcmp(a, b, 32);
  free(a);
  free(b);
  return r;
}

// strcpy, strcat, strlen, strcmp.
int string_ops(const char *s) {
  char *p = malloc(64); // expected-remark {{malloc(64) does not escape: use a stack array '_Alignas(16) char p_storage[64]' (64 bytes) [cescape:heap-to-stack]}}
  strcpy(p, "x");
  strcat(p, s);
  int r = strcmp(p, s) + (int)strlen(p);
  free(p);
  return r;
}

// The printf family and stdio output only read the bytes.
void output(FILE *f) {
  char *p = malloc(64); // expected-remark-re {{malloc(64) does not escape{{.*}} [cescape:heap-to-stack]}}
  snprintf(p, 64, "%d", 42);
  printf("%s\n", p);
  fprintf(f, "%s\n", p);
  puts(p);
  fputs(p, f);
  fwrite(p, 1, strlen(p), f);
  free(p);
}

// sprintf writes bytes into the block.
size_t formats(int v) {
  char *p = malloc(32); // expected-remark-re {{malloc(32) does not escape{{.*}} [cescape:heap-to-stack]}}
  sprintf(p, "%d", v);
  size_t n = strlen(p);
  free(p);
  return n;
}

// fread and fgets write bytes into the block.
size_t reads(FILE *f) {
  char *p = malloc(128); // expected-remark {{malloc(128) does not escape: use a stack array '_Alignas(16) char p_storage[128]' (128 bytes) [cescape:heap-to-stack]}}
  size_t n = fread(p, 1, 64, f);
  if (fgets(p + 64, 64, f))
    n += strlen(p + 64);
  free(p);
  return n;
}

// sscanf reads the block as text.
int parses(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  int v = 0;
  strcpy(p, "12");
  sscanf(p, "%d", &v);
  free(p);
  return v;
}

// Copying the block's bytes (not its address) into a global is harmless.
void copy_bytes_to_global(void) {
  char *p = malloc(64); // expected-remark-re {{malloc(64) does not escape{{.*}} [cescape:heap-to-stack]}}
  memset(p, 'a', 64);
  memcpy(g_bytes, p, 64);
  free(p);
}

//===----------------------------------------------------------------------===//
// Results that point into an argument.
//===----------------------------------------------------------------------===//

// strchr's result points into the block that was searched.
char *strchr_returned(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  strcpy(p, "a=b");
  return strchr(p, '=');
}

// Only used locally: stack.
int strchr_local(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  strcpy(p, "a=b");
  char *eq = strchr(p, '=');
  int r = eq ? eq[1] : 0;
  free(p);
  return r;
}

// strrchr, strstr, strpbrk, memchr alike.
char *strrchr_returned(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  strcpy(p, "a/b");
  return strrchr(p, '/');
}

char *strstr_returned(const char *needle) {
  char *hay = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  strcpy(hay, "haystack");
  return strstr(hay, needle);
}

// The needle is only read.
char *strstr_needle(const char *hay) {
  char *needle = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  strcpy(needle, "st");
  char *r = strstr(hay, needle);
  free(needle);
  return r;
}

void strpbrk_to_global(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
  strcpy(p, "a,b");
  g_str = strpbrk(p, ",;");
}

void *memchr_returned(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  memset(p, 0, 16);
  return memchr(p, 0, 16);
}

// memset, memcpy, strcpy and stpcpy return their destination.
void *memset_returned(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  return memset(p, 0, 16);
}

void *memcpy_returned(const char *src) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  return memcpy(p, src, 16);
}

char *strcpy_returned(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  return strcpy(p, "x");
}

char *stpcpy_returned(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  return stpcpy(p, "x");
}

// strncpy, strcat and memccpy point into their destination too.
char *strncpy_returned(const char *src) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  return strncpy(p, src, 16);
}

char *strcat_returned(const char *src) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  p[0] = 0;
  return strcat(p, src);
}

void *memccpy_returned(const char *src) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  return memccpy(p, src, 0, 16);
}

// basename (GNU) returns a pointer into its argument.
char *basename_returned(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  strcpy(p, "/a/b");
  return basename(p);
}

// The __builtin_ spelling gets the same model.
void builtin_strchr_to_global(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
  strcpy(p, "a");
  g_str = __builtin_strchr(p, 'a');
}

// The source of a copy is not aliased by the result.
char *copy_source(char *dst) {
  char *src = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  strcpy(src, "x");
  char *r = strcpy(dst, src);
  free(src);
  return r;
}

// fgets returns its buffer (or NULL).
char *fgets_returned(FILE *f) {
  char *line = malloc(80); // expected-remark-re {{escapes (return): malloc(80) is returned to the caller{{.*}} [cescape:escape]}}
  return fgets(line, 80, f);
}

// A malloc'd buffer filled by fgets and used locally: stack.
size_t fgets_local(void) {
  char *line = malloc(80); // expected-remark {{malloc(80) does not escape: use a stack array '_Alignas(16) char line_storage[80]' (80 bytes) [cescape:heap-to-stack]}}
  size_t n = 0;
  while (fgets(line, 80, stdin))
    n += strlen(line);
  free(line);
  return n;
}

// localtime_r returns its second argument.
struct tm *localtime_r_returned(const time_t *t) {
  struct tm *tm = malloc(sizeof *tm); // expected-remark-re {{escapes (return): malloc(sizeof *tm) is returned to the caller{{.*}} [cescape:escape]}}
  return localtime_r(t, tm);
}

// realpath returns its second argument, or a fresh block.
char *realpath_returned(const char *path) {
  char *buf = malloc(4096); // expected-remark-re {{escapes (return): malloc(4096) is returned to the caller{{.*}} [cescape:escape]}}
  return realpath(path, buf);
}

// strtol stores a pointer into its first argument through `end`.
long strtol_local(void) {
  char *p = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  strcpy(p, "12 34");
  char *end;
  long a = strtol(p, &end, 10);
  long b = strtol(end, &end, 10);
  free(p);
  return a + b;
}

char *strtol_end_returned(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  strcpy(p, "12 rest");
  char *end;
  strtol(p, &end, 10);
  return end;
}

void strtod_end_to_global(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
  strcpy(p, "1.5x");
  strtod(p, &g_str);
}

// strsep returns the old *stringp: a pointer into the block.
char *strsep_returned(void) {
  char *p = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  strcpy(p, "a,b");
  char *cursor = p;
  return strsep(&cursor, ",");
}

// memcpy of a pointer value (not the bytes it points to) copies the address.
void memcpy_pointer_to_global(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (global): malloc(8) is stored in a global{{.*}} [cescape:escape]}}
  memcpy(&g_str, &p, sizeof p);
}

void memcpy_pointer_into_global_struct(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (global): malloc(8) is stored in a global{{.*}} [cescape:escape]}}
  memcpy(&g_holder.buf, &p, sizeof p);
}

char *memcpy_pointer_returned(void) {
  char *p = malloc(8); // expected-remark-re {{escapes (return): malloc(8) is returned to the caller{{.*}} [cescape:escape]}}
  char *r;
  memcpy(&r, &p, sizeof p);
  return r;
}

// The pointers stored in a block are copied by memcpy of the block.
void memcpy_pointer_array(void) {
  char **arr = malloc(4 * sizeof(char *)); // expected-remark-re {{malloc(4 * sizeof(char *)) does not escape{{.*}} [cescape:heap-to-stack]}}
  arr[0] = malloc(8); // expected-remark-re {{escapes (global): malloc(8) is stored in a global{{.*}} [cescape:escape]}}
  arr[1] = arr[2] = arr[3] = 0;
  memcpy(g_ptrs, arr, 4 * sizeof(char *));
  free(arr);
}

// memmove between two local pointer variables: still local.
int memmove_pointer_local(void) {
  char *p = malloc(8); // expected-remark-re {{malloc(8) does not escape{{.*}} [cescape:heap-to-stack]}}
  char *q;
  memmove(&q, &p, sizeof p);
  q[0] = 1;
  int r = p[0];
  free(p);
  return r;
}

//===----------------------------------------------------------------------===//
// Functions that keep an argument: escapes.
//===----------------------------------------------------------------------===//

// setvbuf keeps the buffer until the stream is closed.
void setvbuf_keeps(FILE *f) {
  char *buf = malloc(1024); // expected-remark-re {{escapes (extern): malloc(1024){{.*}} [cescape:escape]}}
  setvbuf(f, buf, 0, 1024);
}

void setbuf_keeps(FILE *f) {
  char *buf = malloc(1024); // expected-remark-re {{escapes (extern): malloc(1024){{.*}} [cescape:escape]}}
  setbuf(f, buf);
}

// putenv puts the string itself into the environment.
void putenv_keeps(void) {
  char *s = malloc(16); // expected-remark-re {{escapes (extern): malloc(16){{.*}} [cescape:escape]}}
  strcpy(s, "A=1");
  putenv(s);
}

// strtok keeps a pointer into its first argument for the next call.
int strtok_keeps(void) {
  char *s = malloc(16); // expected-remark-re {{escapes (extern): malloc(16){{.*}} [cescape:escape]}}
  strcpy(s, "a b");
  int n = 0;
  for (char *t = strtok(s, " "); t; t = strtok(0, " "))
    ++n;
  return n;
}

// strtok_r keeps it in the caller's save pointer instead: local.
int strtok_r_local(void) {
  char *s = malloc(16); // expected-remark-re {{malloc(16) does not escape{{.*}} [cescape:heap-to-stack]}}
  strcpy(s, "a b");
  char *save;
  int n = 0;
  for (char *t = strtok_r(s, " ", &save); t; t = strtok_r(0, " ", &save))
    ++n;
  free(s);
  return n;
}

// strtok_r(NULL, ..., &save) returns a pointer into the block that the
// first call stored in `save`: returning it makes the block escape.
char *strtok_r_second_token(void) {
  char *s = malloc(16); // expected-remark-re {{escapes (return): malloc(16) is returned to the caller{{.*}} [cescape:escape]}}
  strcpy(s, "a b");
  char *save;
  strtok_r(s, " ", &save);
  return strtok_r(0, " ", &save);
}

// A save pointer in a global keeps the block.
char *g_save;
void strtok_r_global_save(void) {
  char *s = malloc(16); // expected-remark-re {{escapes (global): malloc(16) is stored in a global{{.*}} [cescape:escape]}}
  strcpy(s, "a b");
  strtok_r(s, " ", &g_save);
}

//===----------------------------------------------------------------------===//
// qsort and bsearch call back into the program.
//===----------------------------------------------------------------------===//

static int cmp_int(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}

const void *g_last_cmp;
static int cmp_keep(const void *a, const void *b) {
  g_last_cmp = a;
  return a != b;
}

// A comparator that keeps what a pointer in the array points to.
static int cmp_keep_elem(const void *a, const void *b) {
  g_str = *(char *const *)a;
  return a != b;
}

int cmp_unknown(const void *, const void *); // no body

// A comparator that only reads: the array stays on the stack.
int qsort_reader(void) {
  int *v = malloc(8 * sizeof(int)); // expected-remark {{malloc(8 * sizeof(int)) does not escape: use a stack array 'int v_storage[8]' (32 bytes) [cescape:heap-to-stack]}}
  for (int i = 0; i < 8; ++i)
    v[i] = 8 - i;
  qsort(v, 8, sizeof *v, cmp_int);
  int r = v[0];
  free(v);
  return r;
}

// A comparator that keeps its argument: the array escapes (call).
void qsort_keeper(void) {
  int *v = calloc(8, sizeof(int)); // expected-remark-re {{escapes (call): calloc(8, sizeof(int)){{.*}} [cescape:escape]}}
  qsort(v, 8, sizeof *v, cmp_keep);
}

// A comparator without a body: escapes (indirect).
void qsort_unknown(void) {
  int *v = calloc(8, sizeof(int)); // expected-remark-re {{escapes (indirect): calloc(8, sizeof(int)){{.*}} [cescape:escape]}}
  qsort(v, 8, sizeof *v, cmp_unknown);
  free(v);
}

// A comparator passed as a variable of unknown value: escapes (indirect).
void qsort_param(int (*cmp)(const void *, const void *)) {
  int *v = calloc(8, sizeof(int)); // expected-remark-re {{escapes (indirect): calloc(8, sizeof(int)){{.*}} [cescape:escape]}}
  qsort(v, 8, sizeof *v, cmp);
  free(v);
}

// A comparator that keeps what the elements point to: the array itself
// stays, the blocks it holds escape.
void qsort_keep_elements(void) {
  char *items[2];
  items[0] = malloc(8); // expected-remark-re {{escapes (call): malloc(8){{.*}} [cescape:escape]}}
  items[1] = malloc(8); // expected-remark-re {{escapes (call): malloc(8){{.*}} [cescape:escape]}}
  items[0][0] = items[1][0] = 0;
  qsort(items, 2, sizeof(char *), cmp_keep_elem);
}

// bsearch: with a reading comparator, key and array stay on the stack.
int bsearch_local(void) {
  int *v = calloc(8, sizeof(int)); // expected-remark {{calloc(8, sizeof(int)) does not escape: use a stack array 'int v_storage[8] = {0}' (32 bytes) [cescape:heap-to-stack]}}
  int *key = malloc(sizeof(int)); // expected-remark {{malloc(sizeof(int)) does not escape: use a stack array 'int key_storage[1]' (4 bytes) [cescape:heap-to-stack]}}
  *key = 3;
  int *hit = bsearch(key, v, 8, sizeof(int), cmp_int);
  int r = hit ? *hit : -1;
  free(key);
  free(v);
  return r;
}

// bsearch's result points into the array: returning it makes the array
// escape, not the key.
int *bsearch_returned(void) {
  int *v = calloc(8, sizeof(int)); // expected-remark-re {{escapes (return): calloc(8, sizeof(int)) is returned to the caller{{.*}} [cescape:escape]}}
  int *key = malloc(sizeof(int)); // expected-remark-re {{malloc(sizeof(int)) does not escape{{.*}} [cescape:heap-to-stack]}}
  *key = 0;
  int *hit = bsearch(key, v, 8, sizeof(int), cmp_int);
  free(key);
  return hit;
}

// bsearch with an unknown comparator: both escape (indirect).
void bsearch_unknown(void) {
  int *v = calloc(8, sizeof(int)); // expected-remark-re {{escapes (indirect): calloc(8, sizeof(int)){{.*}} [cescape:escape]}}
  int *key = calloc(1, sizeof(int)); // expected-remark-re {{escapes (indirect): calloc(1, sizeof(int)){{.*}} [cescape:escape]}}
  bsearch(key, v, 8, sizeof(int), cmp_unknown);
}

//===----------------------------------------------------------------------===//
// asprintf allocates through its first argument.
//===----------------------------------------------------------------------===//

char *asprintf_returned(int v) {
  char *s;
  asprintf(&s, "%d", v); // expected-remark-re {{escapes (return): asprintf(&s, "%d", v) is returned to the caller{{.*}} [cescape:escape]}}
  return s;
}

void asprintf_global(int v) {
  asprintf(&g_str, "%d", v); // expected-remark-re {{escapes (global): asprintf(&g_str, "%d", v) is stored in a global{{.*}} [cescape:escape]}}
}

int asprintf_local(int v) {
  char *s;
  asprintf(&s, "%d", v); // expected-remark-re {{asprintf(&s, "%d", v) does not escape but its size is not constant{{.*}} [cescape:small-buffer]}}
  int r = s[0];
  free(s);
  return r;
}

//===----------------------------------------------------------------------===//
// Not allocations: the library's own memory.
//===----------------------------------------------------------------------===//

// getenv's result is not an allocation site: nothing to report, and
// strdup of it is a block of unknown size.
size_t env_copy(void) {
  char *v = getenv("HOME");
  char *c = strdup(v ? v : ""); // expected-remark {{strdup(v ? v : "") does not escape but its size is not constant: use a 256-byte stack buffer and fall back to the heap when it is larger (no fix-it) [cescape:small-buffer]}}
  size_t n = strlen(c);
  free(c);
  return n;
}
// Positive control: strdup in getenv's place is an allocation site.
size_t dup_copy(void) {
  char *v = strdup("HOME"); // expected-remark-re {{strdup("HOME") does not escape{{.*}} [cescape:{{heap-to-stack|small-buffer}}]}}
  size_t n = strlen(v);
  free(v);
  return n;
}

//===----------------------------------------------------------------------===//
// A name is not enough.
//===----------------------------------------------------------------------===//

// The project's own send() (one parameter; POSIX send() takes four) is not
// the C library's: its body is elsewhere and may keep the message.
int send(char *msg);
void own_send(void) {
  char *m = malloc(16); // expected-remark-re {{escapes (extern): malloc(16) is passed to a function whose body is not visible{{.*}} [cescape:escape]}}
  m[0] = 0;
  send(m);
}

// A pointer printed with "%p" into a buffer and scanned back: the buffer
// holds the pointer, and what sscanf reads from it.
char *g_scanned;
void printed_and_scanned(void) {
  char *p = malloc(24); // expected-remark-re {{escapes (global): malloc(24) is stored in a global{{.*}} [cescape:escape]}}
  char text[32];
  sprintf(text, "%-18p", (void *)p);
  void *q;
  sscanf(text, "%p", &q);
  g_scanned = q;
}

// "%s" prints the string, not the pointer: the block stays.
char g_text[64];
void printed_as_string(void) {
  char *p = malloc(25); // expected-remark-re {{malloc(25) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
  snprintf(g_text, sizeof g_text, "[%s] %d%%", p, 3);
  free(p);
}

// strtol(s, NULL, 10) stores no end pointer: nothing of buf goes anywhere,
// even when the function stores unknown pointers through a parameter.
char *ext_value(void);
long strtol_null_end(char **out) {
  char buf[8] = "12";
  long v = strtol(buf, (char **)0, 10);
  if (v != 1)
    *out = ext_value();
  char *p = malloc(26); // expected-remark-re {{malloc(26) does not escape{{.*}} [cescape:heap-to-stack]}}
  p[0] = '1';
  p[1] = 0;
  v += strtol(p, (char **)0, 10);
  free(p);
  return v;
}
// Positive control: the end pointer stored through out points into buf.
long strtol_end_out(char **out) {
  char buf[8] = "12"; // expected-warning-re {{address of local variable 'buf' escapes its frame{{.*}} [cescape:dangling]}}
  return strtol(buf, out, 10); // expected-note-re {{the address escapes here{{.*}}}}
}

// snprintf under a format it cannot read prints strings as text: the local
// array is not stored in the caller's buffer.
int format_not_literal(char *out, int v6) {
  char ip[16] = "::1";
  return snprintf(out, 64, v6 ? "[%s]" : "%s", ip);
}
// Positive control of the text rule: a void * under such a format may be a
// "%p", stored in the caller's buffer (a block: the dangling rule does not
// follow printed addresses, even under "%p").
int format_not_literal_pointer(char *out, int v6) {
  char *ip = malloc(16); // expected-remark-re {{escapes (param): malloc(16) is stored through a parameter{{.*}} [cescape:escape]}}
  ip[0] = 0;
  int r = snprintf(out, 64, v6 ? "[%p]" : "%p", (void *)ip);
  free(ip);
  return r;
}

// A char * printed with "%p" (a format that can be read) is a pointer too,
// and "%1$p" is "%p".
char g_handle[64];
void printed_char_pointer(void) {
  char *x = malloc(27); // expected-remark-re {{escapes (global): malloc(27){{.*}} [cescape:escape]}}
  x[0] = 0;
  sprintf(g_handle, "%s at %p", "obj", x);
}
void printed_positional(void) {
  char *x = malloc(28); // expected-remark-re {{escapes (global): malloc(28){{.*}} [cescape:escape]}}
  x[0] = 0;
  sprintf(g_handle, "%1$p", (void *)x);
}
