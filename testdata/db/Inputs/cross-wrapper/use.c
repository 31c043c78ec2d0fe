#include <stdlib.h>

void *xmalloc(size_t n);
void *xmalloc_remembered(size_t n);

int sum_squares(int n) {
  int *squares = xmalloc(16 * sizeof *squares);
  int sum = 0;
  for (int i = 0; i < 16 && i < n; i++) {
    squares[i] = i * i;
    sum += squares[i];
  }
  free(squares);
  return sum;
}

int sum_remembered(int n) {
  int *squares = xmalloc_remembered(16 * sizeof *squares);
  int sum = 0;
  for (int i = 0; i < 16 && i < n; i++) {
    squares[i] = i * i;
    sum += squares[i];
  }
  free(squares);
  return sum;
}
