// A bad cacheline= is a clear error; a good one is accepted.
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-cacheline=48 %s 2>&1 | FileCheck %s --check-prefix=NOTPOW2
// NOTPOW2: error: cescape: invalid value '48' for 'cacheline' (expected a power of two between 16 and 4096 bytes) (see -fplugin-arg-cescape-help)
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-cacheline=8192 %s 2>&1 | FileCheck %s --check-prefix=LARGE
// LARGE: error: cescape: invalid value '8192' for 'cacheline'
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-cacheline= %s 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: error: cescape: invalid value '' for 'cacheline'
// RUN: %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-help %s 2>&1 | FileCheck %s --check-prefix=HELP
// HELP: cacheline=N
// RUN: %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-cacheline=256 %s 2>&1 | count 0
int main(void) { return 0; }
