#!/usr/bin/env bash
# The false-sharing patterns cescape flags, each run with two threads before
# and after applying cescape's own fix-it (-Xclang -fixit), side by side in
# one run: prints the median time of each and the speedup ratio (and the
# ratio of the fastest runs, those where both threads had a core).
#
# Usage: bench/false-sharing.sh [rounds]       (default 7 rounds)
# Environment:
#   CESCAPE_PLUGIN  plugin path (default: <repo>/build/cescape.so)
#   CFLAGS_BENCH    flags of both builds (default: -O2)
# Outputs: bench/out/false-sharing/ (sources before and after, binaries)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
rounds="${1:-7}"
out="$here/out/false-sharing"
cflags="${CFLAGS_BENCH:--O2}"

need_tool "$CLANG" clang-19
require_plugin
mkdir -p "$out"
snapshot_plugin "$out/cescape.so"

# pattern and steps per thread (0.5 to 1 s each before the fix, here)
patterns=(counters:100000000 slots:100000000 queue:20000000 queue-handshake:20000000)

median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
fastest() { sort -g | head -1; }

echo "plugin $(plugin_stamp); $("$CLANG" --version | head -1); $(nproc) CPUs; $rounds rounds"
for entry in "${patterns[@]}"; do
  name=${entry%%:*}
  steps=${entry#*:}
  dir="$out/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  cp "$here/false-sharing/harness.h" "$dir/"
  cp "$here/false-sharing/$name.c" "$dir/before.c"
  cp "$here/false-sharing/$name.c" "$dir/after.c"
  # The advice, then the fix-it applied; the fixed file must be clean.
  "$CLANG" -fsyntax-only -fplugin="$PLUGIN" "$dir/before.c" 2>&1 |
    grep -o "remark: .*" >"$dir/advice.txt" || true
  "$CLANG" -fsyntax-only -fplugin="$PLUGIN" -Xclang -fixit "$dir/after.c" >/dev/null 2>&1
  if "$CLANG" -fsyntax-only -fplugin="$PLUGIN" "$dir/after.c" 2>&1 | grep -q "cescape:"; then
    echo "$bench_self: $name: the fixed source is still flagged" >&2
    exit 1
  fi
  diff -u "$dir/before.c" "$dir/after.c" >"$dir/fix.diff" || true
  for version in before after; do
    "$CLANG" $cflags -pthread -o "$dir/$version" "$dir/$version.c"
  done
  : >"$dir/before.times"
  : >"$dir/after.times"
  # Alternate the two so that noise from other load hits both alike.
  for ((r = 0; r < rounds; r++)); do
    "$dir/before" "$steps" >>"$dir/before.times"
    "$dir/after" "$steps" >>"$dir/after.times"
  done
  before=$(median <"$dir/before.times")
  after=$(median <"$dir/after.times")
  best_before=$(fastest <"$dir/before.times")
  best_after=$(fastest <"$dir/after.times")
  echo "== $name: $(wc -l <"$dir/advice.txt") finding(s); fix-it:"
  grep '^[-+][^-+]' "$dir/fix.diff" | sed 's/^/   /'
  awk -v n="$name" -v b="$before" -v a="$after" -v s="$steps" \
    -v bb="$best_before" -v ba="$best_after" 'BEGIN {
    printf "   %-9s %11d steps/thread  median: before %.3f s  after %.3f s  speedup %.2fx", n, s, b, a, b / a
    printf "  (fastest: %.3f / %.3f s = %.2fx)\n", bb, ba, bb / ba }'
done
