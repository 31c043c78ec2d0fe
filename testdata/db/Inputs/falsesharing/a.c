#include "stats.h"
void on_request(struct stats *s) { s->requests++; }
