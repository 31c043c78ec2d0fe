#!/usr/bin/env bash
# Compare cescape's per-allocation verdicts with LLVM's Attributor
# HeapToStack (caps 128 and 4096). See bench/README.md.
#
# Usage: bench/h2s-compare.sh [file.c ...]
#   default inputs: bench/h2s-inputs/*.c and testdata/run/**/*.c (if present)
# Environment:
#   CESCAPE_PLUGIN  plugin path      (default: <repo>/build/cescape.so)
#   MAX_STACK       cescape max-stack and the second H2S cap (default 4096)
#   H2S_CFLAGS      extra flags for both compiles (e.g. -I...)
#   MEM_LIMIT_MB    address-space limit per compile (default 4096)
#   TIMEOUT         seconds per compile (default 300)
# Outputs: bench/out/h2s/ (IR, opt output, cescape logs, table.txt, table.tsv)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
MAX_STACK="${MAX_STACK:-4096}"
OPT="${OPT:-opt-19}"
out="$here/out/h2s"

need_tool "$CLANG" clang-19
need_tool "$OPT" llvm-19
need_tool python3 python3

files=()
if [ $# -gt 0 ]; then
  files=("$@")
else
  while IFS= read -r -d '' f; do files+=("$f"); done \
    < <(find "$here/h2s-inputs" -name '*.c' -print0 | sort -z)
  if [ -d "$repo/testdata/run" ]; then
    while IFS= read -r -d '' f; do files+=("$f"); done \
      < <(find "$repo/testdata/run" -name '*.c' -not -path '*/Output/*' -print0 | sort -z)
  fi
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "h2s-compare: no input files" >&2
  exit 2
fi

rm -rf "$out"
mkdir -p "$out"
if [ -f "$PLUGIN" ]; then
  snapshot_plugin "$out/cescape.so"
else
  echo "h2s-compare: plugin $PLUGIN not found; only the H2S half will run" >&2
fi
cd "$repo"
python3 "$here/h2s_compare.py" --plugin "$PLUGIN" --plugin-name "${ORIG_PLUGIN:-$PLUGIN}" --out "$out" \
  --clang "$CLANG" --opt "$OPT" --max-stack "$MAX_STACK" \
  --cflags "${H2S_CFLAGS:-}" "${files[@]}"
exit 0
