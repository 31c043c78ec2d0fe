int walk_a(int depth);
int ring_c(int depth);

int walk_b(int depth) { return walk_a(depth); }
int leaf_b(int x) { return x + 1; }
int ring_b(int depth) { return ring_c(depth); }
