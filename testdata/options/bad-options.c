// Bad plugin arguments are a clear error; good ones are accepted.
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-bogus %s 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: cescape: unknown argument 'bogus' (see -fplugin-arg-cescape-help)
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-max-stack=lots %s 2>&1 | FileCheck %s --check-prefix=MAXSTACK
// MAXSTACK: error: cescape: invalid value 'lots' for 'max-stack'
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-max-stack=0 %s 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: error: cescape: invalid value '0' for 'max-stack'
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-m=3 %s 2>&1 | FileCheck %s --check-prefix=VERBOSITY
// VERBOSITY: error: cescape: invalid value '3' for 'm' (expected 1 or 2)
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-alloc=xmalloc %s 2>&1 | FileCheck %s --check-prefix=ALLOC
// ALLOC: error: cescape: invalid value 'xmalloc' for 'alloc' (expected ALLOCATOR:DEALLOCATOR
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-alloc=xcalloc:free:0,1 %s 2>&1 | FileCheck %s --check-prefix=ALLOCPOS
// ALLOCPOS: error: cescape: invalid value 'xcalloc:free:0,1' for 'alloc' (expected ALLOCATOR:DEALLOCATOR[:SIZE], SIZE one or two 1-based argument positions
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-alloc=xcalloc:free:1,2,3 %s 2>&1 | FileCheck %s --check-prefix=ALLOCPOS3
// ALLOCPOS3: error: cescape: invalid value 'xcalloc:free:1,2,3' for 'alloc'
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-alloc=xcalloc:free:x %s 2>&1 | FileCheck %s --check-prefix=ALLOCPOSX
// ALLOCPOSX: error: cescape: invalid value 'xcalloc:free:x' for 'alloc'
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-fixits=heap-to-stack,stack %s 2>&1 | FileCheck %s --check-prefix=FIXITS
// FIXITS: error: cescape: invalid value 'heap-to-stack,stack' for 'fixits' (expected rule names separated by ',', 'all' or 'none'
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-fixits= %s 2>&1 | FileCheck %s --check-prefix=EMPTYFIXITS
// EMPTYFIXITS: error: cescape: 'fixits' needs rule names
// RUN: not %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-small-buffer=-4 %s 2>&1 | FileCheck %s --check-prefix=SMALL
// SMALL: error: cescape: invalid value '-4' for 'small-buffer'
// RUN: %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-help %s 2>&1 | FileCheck %s --check-prefix=HELP
// HELP: cescape plugin arguments
// HELP: max-stack=N
// HELP: alloc=A:F[:S]
// RUN: %clang -fsyntax-only -fplugin=%plugin -fplugin-arg-cescape-m=2 -fplugin-arg-cescape-max-stack=128 -fplugin-arg-cescape-small-buffer=64 -fplugin-arg-cescape-alloc=a:b -fplugin-arg-cescape-alloc=c:d -fplugin-arg-cescape-alloc=e:f:1,2 -fplugin-arg-cescape-alloc=g:h:2 -fplugin-arg-cescape-fixits=none -fplugin-arg-cescape-fixits=all %s 2>&1 | count 0
int main(void) { return 0; }
