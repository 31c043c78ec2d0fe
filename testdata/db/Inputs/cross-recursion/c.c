int ring_a(int depth);

int ring_c(int depth) { return ring_a(depth); }
