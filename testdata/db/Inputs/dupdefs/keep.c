// f keeps its parameter in a static.
static char *saved;
void f(char *p) { saved = p; }
