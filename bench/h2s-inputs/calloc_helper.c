/* calloc'd array handed to a static read-only helper: needs
   interprocedural "does not capture / does not free" facts. */
#include <stdlib.h>

static int sum(const int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += a[i];
  return s;
}

int calloc_helper(int k) {
  int *a = calloc(8, sizeof(int));
  a[k & 7] = k;
  int s = sum(a, 8);
  free(a);
  return s;
}
