// f with another parameter count (another program's f).
void f(char *p, int n) { p[n] = 0; }
