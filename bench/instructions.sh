#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of compiling the SQLite
# amalgamation with and without the cescape plugin: a deterministic
# complement to the wall/CPU times of overhead.sh, which this shared machine
# makes noisy. See bench/README.md.
#
# Usage: bench/instructions.sh [--o2] [--modes "syntax O0 O2"]
#   --o2             also count -O2 -c (two more runs, each an estimated
#                    20-40 min: callgrind slows clang down 50-80 times)
#   --modes LIST     subset of: syntax O0 O2 (default "syntax O0")
# Each count is one run of
#   valgrind --tool=callgrind clang-19 -w <mode> [-fplugin=cescape.so] sqlite3.c
# with <mode> = -fsyntax-only | -O0 -c -o /dev/null | -O2 -c -o /dev/null.
# Environment:
#   CESCAPE_PLUGIN   plugin path (default: <repo>/build/cescape.so)
#   PLUGIN_ARGS      extra flags for the plugin runs (default none)
#   CLANG            compiler (default clang-19)
#   MEM_LIMIT_MB     address-space limit per run (ulimit -v, default 8192)
# Outputs: bench/out/instructions/ (callgrind.<mode>.<variant>.out for
# callgrind_annotate, .log = valgrind's and clang's stderr, runs.tsv,
# summary.txt); sqlite3.c is
# the one overhead.sh downloads into bench/out/overhead/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
PLUGIN_ARGS="${PLUGIN_ARGS:-}"
MEM_LIMIT_MB="${MEM_LIMIT_MB:-8192}"
MODES="syntax O0"

while [ $# -gt 0 ]; do
  case "$1" in
    --o2) MODES="$MODES O2"; shift ;;
    --modes) MODES="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "instructions: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
# Drop repeats (--modes O2 --o2), keep the order.
MODES="$(echo "$MODES" | tr ' ' '\n' | awk 'NF && !seen[$0]++' | tr '\n' ' ')"

mode_flags() {
  case "$1" in
    syntax) echo "-fsyntax-only" ;;
    O0) echo "-O0 -c -o /dev/null" ;;
    O2) echo "-O2 -c -o /dev/null" ;;
    *) echo "instructions: unknown mode $1 (syntax, O0 or O2)" >&2; exit 2 ;;
  esac
}
for m in $MODES; do mode_flags "$m" >/dev/null; done

out="$here/out/instructions"
mkdir -p "$out"

need_tool "$CLANG" clang-19
need_tool valgrind valgrind
require_plugin
snapshot_plugin "$out/cescape.so"
fetch_sqlite "$here/out/overhead"
src="$SQLITE_SRC"

# count MODE VARIANT: one callgrind run; sets IR (instructions) and SECS.
count() {
  local mode="$1" variant="$2" cg extra=""
  cg="$out/callgrind.$mode.$variant.out"
  if [ "$variant" = plugin ]; then extra="-fplugin=$PLUGIN $PLUGIN_ARGS"; fi
  rm -f "$cg"
  # shellcheck disable=SC2046,SC2086
  run_capped "$mode/$variant" /dev/null "$out/callgrind.$mode.$variant.log" \
    valgrind --tool=callgrind --callgrind-out-file="$cg" \
    "$CLANG" -w $(mode_flags "$mode") $extra "$src"
  IR="$(awk '/^summary:/ {print $2; exit}' "$cg")"
  SECS=$(( WALL_MS / 1000 ))
  # The driver runs cc1 inside its own process (-fintegrated-cc1, the default),
  # so callgrind sees the whole compile: billions of instructions. A few
  # million would mean only the driver was counted.
  if [ -z "$IR" ] || [ "${#IR}" -lt 10 ]; then
    echo "instructions: $mode/$variant counted only '${IR:-?}' instructions: was cc1 run in a child process?" >&2
    exit 1
  fi
}

runs="$out/runs.tsv"
printf 'mode\tvariant\tinstructions\tseconds\n' >"$runs"
total=0
for m in $MODES; do total=$((total + 2)); done
n=0
for m in $MODES; do
  for v in base plugin; do
    n=$((n + 1))
    if [ "$v" = plugin ]; then with=" -fplugin=$(basename "$PLUGIN")"; else with=""; fi
    echo "[$n/$total] $m $v: valgrind --tool=callgrind $CLANG -w $(mode_flags "$m")$with sqlite3.c" >&2
    count "$m" "$v"
    printf '%s\t%s\t%s\t%s\n' "$m" "$v" "$IR" "$SECS" >>"$runs"
    echo "        $IR instructions, $SECS s under callgrind" >&2
  done
done

summary="$out/summary.txt"
{
  echo "instructions (callgrind Ir) of $CLANG -w <mode> sqlite3.c, without and with $ORIG_PLUGIN${PLUGIN_ARGS:+ ($PLUGIN_ARGS)}"
  echo "plugin $(plugin_stamp); $("$CLANG" --version | head -1); $(valgrind --version)"
  awk -F'\t' -v modes="$MODES" '
    function commas(x,   s) { s = sprintf("%.0f", x); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
    NR > 1 { ir[$1, $2] = $3 }
    END {
      nm = split(modes, M, " ")
      printf "%-7s %16s %16s %7s %15s\n", "mode", "base", "plugin", "ratio", "added"
      for (i = 1; i <= nm; i++) {
        b = ir[M[i], "base"]; p = ir[M[i], "plugin"]
        printf "%-7s %16s %16s %7.3f %15s\n", M[i], commas(b), commas(p), p / b, commas(p - b)
      }
      print "(ratio = plugin / base; added = plugin - base, the plugin'"'"'s cost in instructions)"
      if (("O2", "base") in ir) {
        o2 = ir["O2", "base"]
        printf "added instructions as a fraction of one -O2 compile (%s):", commas(o2)
        for (i = 1; i <= nm; i++) printf " %s-mode cost %.2f %%%s", M[i], 100 * (ir[M[i], "plugin"] - ir[M[i], "base"]) / o2, (i < nm ? "," : "\n")
      }
    }' "$runs"
} | tee "$summary"
echo "(per-run data: $runs; per-function profiles: callgrind_annotate $out/callgrind.<mode>.<variant>.out)"
