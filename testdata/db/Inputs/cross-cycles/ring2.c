int ring1(int depth);

int ring2(int depth) { return ring1(depth); }
