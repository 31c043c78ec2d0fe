// dump-graph=FUNC prints the escape graph of FUNC's batch, solved, as
// Graphviz dot on stderr: a node per location (escaping ones filled, with
// their reason), an arrow per flow from source to destination with its
// dereference count (-1: the address), why and where. Other batches print
// nothing, and the findings are those of a run without the option.
// RUN: %cescape_clang -fsyntax-only -fplugin-arg-cescape-dump-graph=keep %s 2>&1 | FileCheck %s
// RUN: %cescape_clang -fsyntax-only -fplugin-arg-cescape-dump-graph=local %s 2>&1 | FileCheck %s --check-prefix=LOCAL
// RUN: %cescape_clang -fsyntax-only -fplugin-arg-cescape-dump-graph=absent %s 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: not %cescape_clang -fsyntax-only -fplugin-arg-cescape-dump-graph %s 2>&1 | FileCheck %s --check-prefix=BAD
#include <libc.h>

char *g;

void keep(void) {
  char *p = malloc(16);
  g = p;
}

void local(void) {
  char *q = malloc(8);
  free(q);
}

// The graph is printed as the batch is solved, before the findings.
// CHECK: digraph "escape graph of keep" {
// CHECK-DAG: [[ALLOC:L[0-9]+]] [label="the memory from malloc(16)\nescapes (global)", style=filled, fillcolor="#f4c7c3"];
// CHECK-DAG: [[P:L[0-9]+]] [label="p"];
// CHECK-DAG: [[G:L[0-9]+]] [label="{global}\nescapes (global)"];
// CHECK-DAG: [[ALLOC]] -> [[P]] [label="-1 allocated at 15:13"];
// CHECK-DAG: [[P]] -> [[G]] [label="0 assign to global at 16:5"];
// CHECK: {{^}}}
// CHECK-NOT: digraph
// CHECK-NOT: the memory from malloc(8)
// CHECK: remark: malloc(8) does not escape{{.*}} [cescape:heap-to-stack]
// CHECK-NOT: digraph

// LOCAL: digraph "escape graph of local" {
// LOCAL-DAG: [[ALLOC:L[0-9]+]] [label="the memory from malloc(8)"];
// LOCAL-DAG: [[Q:L[0-9]+]] [label="q"];
// LOCAL-DAG: [[ALLOC]] -> [[Q]] [label="-1 allocated at 20:13"];
// LOCAL-DAG: [[Q]] -> {{L[0-9]+}} [label="0 free at 21:3"];
// LOCAL: {{^}}}
// LOCAL-NOT: malloc(16)
// LOCAL: remark: malloc(8) does not escape{{.*}} [cescape:heap-to-stack]

// NONE-NOT: digraph
// NONE: remark: malloc(8) does not escape{{.*}} [cescape:heap-to-stack]
// NONE-NOT: digraph

// BAD: error: cescape: 'dump-graph' needs a function name (dump-graph=FUNC)
