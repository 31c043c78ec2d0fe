/* Included twice by twice.c, with other macros each time. */
static int FN(const char *p, unsigned n) {
  char *c = malloc(n);
  if (!c)
    return -1;
  memcpy(c, p, n);
  int r = USE(c);
  free(c);
  return r;
}
