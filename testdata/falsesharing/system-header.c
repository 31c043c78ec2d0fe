// RUN: %cescape_verify -target x86_64-linux-gnu -isystem %S/Inputs/sys %s
// expected-no-diagnostics
//
// Nothing is reported inside system headers, even when the unit uses the
// struct from threads.
#include <locks.h>
void bump(struct sys_counters *c) { c->a++; c->b++; }
