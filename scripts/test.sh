#!/usr/bin/env bash
# Sets up, builds and runs every test (lit: C inputs with inline
# expectations, driver tests, fix-its applied and run under ASan).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

log=$(mktemp)
status=0
python3 "$(llvm-config-19 --prefix)/build/utils/lit/lit.py" -sv \
  --param plugin=build/cescape.so --param cescape=build/cescape \
  --param llvm_bin="$(llvm-config-19 --bindir)" testdata 2>&1 | tee "$log" ||
  status=$?
passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' "$log" | head -1)
failed=$(sed -n 's/^ *\(Failed\|Unresolved\|Timed Out\|Unexpectedly Passed\) *: *\([0-9]*\).*/\2/p' "$log" |
  awk '{s += $1} END {print s + 0}')
rm -f "$log"
echo "${passed:-0} passed, ${failed} failed"
exit "$status"
