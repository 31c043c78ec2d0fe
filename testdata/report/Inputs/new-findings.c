
/* Appended to the example's words.c by the report tests: the known change
   between the baseline build and the changed one: a new heap-to-stack
   finding and a new escaping allocation. */
int report_probe(void) {
  int *p = malloc(4 * sizeof(int));
  p[0] = 1;
  int v = p[0];
  free(p);
  return v;
}

char *report_probe_dup(void) {
  char *s = malloc(8);
  s[0] = 0;
  return s;
}
