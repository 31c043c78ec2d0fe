#!/usr/bin/env bash
# Sets up, builds and runs every test (lit: C inputs with inline
# expectations, driver tests, fix-its applied and run under ASan).
#   bash scripts/test.sh [MAJOR]
# MAJOR (default 19) is the Clang whose plugin and tools are tested (as
# scripts/setup.sh builds it). The build trees of other majors already
# built are passed on for the test of plugins installed side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
major=${1:-19}
bash scripts/setup.sh "$major"
build=build
[[ $major == 19 ]] || build=build-$major
others=()
for tree in build build-*; do
  [[ $tree != "$build" && -f $tree/cescape && -f $tree/CMakeCache.txt ]] &&
    others+=("$tree")
done

log=$(mktemp)
status=0
python3 "$(llvm-config-19 --prefix)/build/utils/lit/lit.py" -sv \
  --param plugin="$build"/cescape.so --param cescape="$build"/cescape \
  --param llvm_bin="$(llvm-config-"$major" --bindir)" \
  --param other_builds="$(IFS=:; echo "${others[*]}")" testdata 2>&1 |
  tee "$log" || status=$?
passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' "$log" | head -1)
failed=$(sed -n 's/^ *\(Failed\|Unresolved\|Timed Out\|Unexpectedly Passed\) *: *\([0-9]*\).*/\2/p' "$log" |
  awk '{s += $1} END {print s + 0}')
rm -f "$log"
echo "${passed:-0} passed, ${failed} failed"
exit "$status"
