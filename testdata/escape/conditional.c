// RUN: %cescape_verify -fplugin-arg-cescape-m %s
//
// Branches: the analysis is flow-insensitive, so an allocation escapes when
// it escapes on any path. free(p) may only be removed when p can point to a
// single allocation: a free that may release other memory keeps every block
// it may release on the heap, reason (call). Null checks are not escapes.

#include <libc.h>
char *g;
void use(const char *);

// Two mallocs assigned to one pointer on the two branches, released by one
// free(p): that free frees "other memory" as seen from each of them.
void two_mallocs_one_free(int c) {
  char *p;
  if (c)
    p = malloc(16); // expected-remark-re {{escapes (call): malloc(16) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  else
    p = malloc(32); // expected-remark-re {{escapes (call): malloc(32) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  p[0] = 0;
  free(p);
}

// The same two mallocs without the shared free: each becomes its own array.
void two_mallocs_no_free(int c) {
  char *p;
  if (c)
    p = malloc(17); // expected-remark {{malloc(17) does not escape: use a stack array '_Alignas(16) char p_storage[17]' (17 bytes) [cescape:heap-to-stack]}}
  else
    p = malloc(33); // expected-remark {{malloc(33) does not escape: use a stack array '_Alignas(16) char p_storage2[33]' (33 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
}

// Each branch frees its own block through a pointer that can only point to
// it.
void two_mallocs_two_frees(int c) {
  if (c) {
    char *p = malloc(18); // expected-remark {{malloc(18) does not escape: use a stack array '_Alignas(16) char p_storage[18]' (18 bytes) [cescape:heap-to-stack]}}
    p[0] = 0;
    free(p);
  } else {
    char *q = malloc(34); // expected-remark {{malloc(34) does not escape: use a stack array '_Alignas(16) char q_storage[34]' (34 bytes) [cescape:heap-to-stack]}}
    q[0] = 0;
    free(q);
  }
}

// ?: between a malloc and a local array, without free.
void malloc_or_array(int c) {
  char buf[16];
  char *p = c ? malloc(16) : buf; // expected-remark-re {{malloc(16) does not escape: use a stack array{{.*}} [cescape:heap-to-stack]}}
  p[0] = 0;
}

// ?: between a malloc and a local array, freed when it is not the array:
// free(p) may see the array too (conservative).
void malloc_or_array_freed(int c) {
  char buf[16];
  char *p = c ? malloc(19) : buf; // expected-remark-re {{escapes (call): malloc(19) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  p[0] = 0;
  if (p != buf)
    free(p);
}

// ?: between two mallocs, freed through the ?: itself.
void free_of_conditional(int c) {
  char *p = malloc(20); // expected-remark-re {{escapes (call): malloc(20) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  char *q = malloc(21); // expected-remark-re {{escapes (call): malloc(21) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  free(c ? p : q);
}

// Escapes on one branch only: it escapes.
void escape_one_branch(int c) {
  char *p = malloc(22); // expected-remark-re {{escapes (global): malloc(22) is stored in a global{{.*}} [cescape:escape]}}
  if (c)
    g = p;
  else
    free(p);
}

// Returned on one branch only.
char *return_one_branch(int c) {
  char *p = malloc(23); // expected-remark-re {{escapes (return): malloc(23) is returned to the caller{{.*}} [cescape:escape]}}
  if (c)
    return p;
  free(p);
  return 0;
}

// Handed to an unknown function on one branch only.
void extern_one_branch(int c) {
  char *p = malloc(24); // expected-remark-re {{escapes (extern): malloc(24) is passed to a function whose body is not visible{{.*}} [cescape:escape]}}
  p[0] = 0;
  if (c)
    use(p);
  free(p);
}

// Escapes in one arm of a switch.
void escape_one_case(int k) {
  char *p = malloc(25); // expected-remark-re {{escapes (global): malloc(25) is stored in a global{{.*}} [cescape:escape]}}
  switch (k) {
  case 0:
    p[0] = 0;
    break;
  case 1:
    g = p;
    return;
  default:
    break;
  }
  free(p);
}

// Different allocations per switch arm into one pointer, not freed.
void switch_allocs(int k) {
  char *p = 0;
  switch (k) {
  case 0:
    p = malloc(26); // expected-remark {{malloc(26) does not escape: use a stack array '_Alignas(16) char p_storage[26]' (26 bytes) [cescape:heap-to-stack]}}
    break;
  default:
    p = calloc(27, 1); // expected-remark {{calloc(27, 1) does not escape: use a stack array '_Alignas(16) char p_storage2[27] = {0}' (27 bytes) [cescape:heap-to-stack]}}
    break;
  }
  if (p)
    p[0] = 0;
}

// ---- Null checks and conditional frees do not make anything escape ----

// if (!p) return -1;
int null_check_return(void) {
  char *p = malloc(28); // expected-remark {{malloc(28) does not escape: use a stack array '_Alignas(16) char p_storage[28]' (28 bytes) [cescape:heap-to-stack]}}
  if (!p)
    return -1;
  p[0] = 0;
  free(p);
  return 0;
}

// if (p == 0) abort();
void null_check_abort(void) {
  int *a = calloc(8, sizeof(int)); // expected-remark {{calloc(8, sizeof(int)) does not escape: use a stack array 'int a_storage[8] = {0}' (32 bytes) [cescape:heap-to-stack]}}
  if (a == 0)
    abort();
  a[1] = a[0];
  free(a);
}

// if (p) { ...; free(p); }
void null_check_guarded_free(void) {
  char *p = malloc(29); // expected-remark {{malloc(29) does not escape: use a stack array '_Alignas(16) char p_storage[29]' (29 bytes) [cescape:heap-to-stack]}}
  if (p) {
    p[0] = 0;
    free(p);
  }
}

// The pointer is tested in a compound condition.
int compound_condition(int c) {
  char *p = malloc(30); // expected-remark {{malloc(30) does not escape: use a stack array '_Alignas(16) char p_storage[30]' (30 bytes) [cescape:heap-to-stack]}}
  int r = 0;
  if (p && c && p[0] == 0)
    r = 1;
  else if (!p || c > 1)
    r = 2;
  free(p);
  return r;
}

// The pointer is the condition of a ?: whose value is an int.
int conditional_int(void) {
  char *p = malloc(31); // expected-remark {{malloc(31) does not escape: use a stack array '_Alignas(16) char p_storage[31]' (31 bytes) [cescape:heap-to-stack]}}
  int r = p ? 1 : 0;
  free(p);
  return r;
}

// Freed on one branch only (the other leaks): still one direct free.
void free_one_branch(int c) {
  char *p = malloc(35); // expected-remark {{malloc(35) does not escape: use a stack array '_Alignas(16) char p_storage[35]' (35 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  if (c)
    free(p);
}

// A null check on a pointer assigned in a loop-free branch.
void assigned_in_branch(int c) {
  char *p = 0;
  if (c)
    p = malloc(36); // expected-remark {{malloc(36) does not escape: use a stack array '_Alignas(16) char p_storage[36]' (36 bytes) [cescape:heap-to-stack]}}
  if (p == 0)
    return;
  p[0] = 0;
  free(p);
}

// The pointer may be replaced by a global's value before free(p): that free
// may release memory that is not ours.
void maybe_global_freed(int c) {
  char *p = malloc(38); // expected-remark-re {{escapes (call): malloc(38) is passed to a function that keeps or frees it{{.*}} [cescape:escape]}}
  if (c)
    p = g;
  free(p);
}

// free of a ?: whose other arm is a null pointer frees only our block.
void free_or_null(int c) {
  char *p = malloc(39); // expected-remark {{malloc(39) does not escape: use a stack array '_Alignas(16) char p_storage[39]' (39 bytes) [cescape:heap-to-stack]}}
  p[0] = 0;
  free(c ? p : 0);
}

// Comparing the pointer with a global is not storing it.
int compare_with_global(void) {
  char *p = malloc(40); // expected-remark {{malloc(40) does not escape: use a stack array '_Alignas(16) char p_storage[40]' (40 bytes) [cescape:heap-to-stack]}}
  int same = p == g;
  free(p);
  return same;
}

// Reallocated on one branch: the old block is handed to realloc, which
// may keep it, so it cannot be a stack array even though the other branch
// frees it directly.
char *realloc_one_branch(int c) {
  char *p = malloc(37); // expected-remark-re {{escapes (realloc): malloc(37) is resized by realloc{{.*}} [cescape:escape]}}
  p[0] = 0;
  if (c) {
    char *q = realloc(p, 74); // expected-remark-re {{escapes (return): realloc(p, 74) is returned to the caller{{.*}} [cescape:escape]}}
    return q;
  }
  free(p);
  return 0;
}
