int *local_address(void) {
  int x = 1;
  return &x;
}
