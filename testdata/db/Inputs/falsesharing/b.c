#include "stats.h"
void on_error(struct stats *s) { s->errors++; }
