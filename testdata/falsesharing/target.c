// The cache line follows the target: 64 bytes on x86-64, 128 on aarch64
// and ppc64, or cacheline=N. A line's worth of padding on x86-64 is half a
// line on aarch64.
// RUN: %cescape_clang -fsyntax-only -target x86_64-linux-gnu -Xclang -verify=x86 %s
// RUN: %cescape_clang -fsyntax-only -target aarch64-linux-gnu -Xclang -verify=arm %s
// RUN: %cescape_clang -fsyntax-only -target powerpc64le-linux-gnu -Xclang -verify=arm %s
// RUN: %cescape_clang -fsyntax-only -target x86_64-linux-gnu -fplugin-arg-cescape-cacheline=128 -Xclang -verify=arm %s
// RUN: %cescape_clang -fsyntax-only -target aarch64-linux-gnu -fplugin-arg-cescape-cacheline=64 -Xclang -verify=x86 %s
// x86-no-diagnostics

struct padded_for_x86 {
  _Atomic long a;
  char pad[56];
  _Atomic long b; // arm-remark {{'a' and 'b' of 'struct padded_for_x86' can share a 128-byte cache line (offsets 0 and 64) and are contended independently (atomic; atomic): _Alignas(128) on 'b' puts it at offset 128 (72 -> 256 bytes), or 'char pad[64]' after 'pad' (136 bytes) [cescape:false-sharing]}}
};

// Not reported anywhere: a 128-byte separation.
struct padded_for_arm {
  _Atomic long a;
  char pad[120];
  _Atomic long b;
};

// Not reported anywhere: _Alignas of the largest line.
struct aligned_for_both {
  _Atomic long a;
  _Alignas(128) _Atomic long b;
};
