// f writes through its parameter and keeps nothing.
void f(char *p) { p[0] = 0; }
