#!/usr/bin/env bash
# Compile-time and peak-memory overhead of the cescape plugin on the SQLite
# amalgamation (sqlite3.c from the npm package better-sqlite3@12.11.1).
# See bench/README.md.
#
# Usage: bench/overhead.sh [-r ROUNDS] [--remarks] [--modes "O0 O2 syntax"]
#   -r, --rounds N   alternating rounds per mode (default 3)
#   --remarks        also time a third variant: plugin + -fplugin-arg-cescape-m
#                    (remarks printed, sent to a file)
#   --modes LIST     subset of: O0 O2 syntax (default all three)
# Environment:
#   CESCAPE_PLUGIN   plugin path (default: <repo>/build/cescape.so)
#   PLUGIN_ARGS      extra flags for the plugin runs (default none)
#   CLANG            compiler (default clang-19)
#   MEM_LIMIT_MB     address-space limit per compile (ulimit -v, default 8192),
#                    so a runaway plugin fails instead of waking the OOM killer
# Outputs: bench/out/overhead/ (sqlite3.c, object files, runs.tsv, summary.txt)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
PLUGIN_ARGS="${PLUGIN_ARGS:-}"
MEM_LIMIT_MB="${MEM_LIMIT_MB:-8192}"
ROUNDS=3
REMARKS=0
MODES="O0 O2 syntax"

while [ $# -gt 0 ]; do
  case "$1" in
    -r|--rounds) ROUNDS="$2"; shift 2 ;;
    --rounds=*) ROUNDS="${1#*=}"; shift ;;
    --remarks) REMARKS=1; shift ;;
    --modes) MODES="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "overhead: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$ROUNDS" in ''|*[!0-9]*|0) echo "overhead: rounds must be a positive integer" >&2; exit 2 ;; esac

out="$here/out/overhead"
mkdir -p "$out"

# ---- tools
need_tool "$CLANG" clang-19
if [ ! -x /usr/bin/time ]; then
  echo "overhead: /usr/bin/time is missing; installing the Debian package 'time' with apt-get" >&2
  apt-get install -y time >&2
fi
require_plugin
snapshot_plugin "$out/cescape.so"

# ---- fetch sqlite3.c (once)
fetch_sqlite "$out"
src="$SQLITE_SRC"

# ---- measurement
mode_flags() {
  case "$1" in
    O0) echo "-O0 -c -o $out/sqlite3.o" ;;
    O2) echo "-O2 -c -o $out/sqlite3.o" ;;
    syntax) echo "-fsyntax-only" ;;
    *) echo "overhead: unknown mode $1" >&2; exit 2 ;;
  esac
}
variant_flags() {
  case "$1" in
    base) echo "" ;;
    plugin) echo "-fplugin=$PLUGIN $PLUGIN_ARGS" ;;
    remarks) echo "-fplugin=$PLUGIN -fplugin-arg-cescape-m $PLUGIN_ARGS" ;;
  esac
}
variants="base plugin"
[ "$REMARKS" = 1 ] && variants="base plugin remarks"

runs="$out/runs.tsv"
printf 'round\tmode\tvariant\twall_s\tmaxrss_kb\tcpu_s\n' >"$runs"

# one run: sets MS (wall ms), KB (max RSS) and CPU (user + sys seconds)
measure() {
  local mode="$1" variant="$2" u s
  # shellcheck disable=SC2046
  run_capped "$mode/$variant" "$out/last.stdout" "$out/last.stderr" \
    /usr/bin/time -f '%M %U %S' -o "$out/time.txt" \
    "$CLANG" -w $(mode_flags "$mode") $(variant_flags "$variant") "$src"
  read -r KB u s < <(tail -1 "$out/time.txt")
  MS=$WALL_MS
  CPU=$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u + s}')
}

total=0
for m in $MODES; do for v in $variants; do total=$((total + ROUNDS)); done; done
n=0
for r in $(seq 1 "$ROUNDS"); do
  for m in $MODES; do
    # Alternate the order inside each round so drift (thermal, cache) cancels.
    if [ $((r % 2)) -eq 1 ]; then order="$variants"; else order="$(echo "$variants" | tr ' ' '\n' | tac | tr '\n' ' ')"; fi
    for v in $order; do
      n=$((n + 1))
      measure "$m" "$v"; ms=$MS; kb=$KB; cpu=$CPU
      printf '%d\t%s\t%s\t%s\t%s\t%s\n' "$r" "$m" "$v" "$(awk -v x="$ms" 'BEGIN{printf "%.3f", x/1000}')" "$kb" "$cpu" >>"$runs"
      printf '[%d/%d] round %d %-6s %-7s %8.3f s wall %8.2f s cpu %8d KB\n' "$n" "$total" "$r" "$m" "$v" \
        "$(awk -v x="$ms" 'BEGIN{printf "%.3f", x/1000}')" "$cpu" "$kb" >&2
    done
  done
done

# ---- summary: medians and ratios
summary="$out/summary.txt"
{
  echo "overhead of $ORIG_PLUGIN${PLUGIN_ARGS:+ ($PLUGIN_ARGS)} on sqlite3.c, $ROUNDS alternating rounds, $(nproc) CPUs"
  echo "plugin $(plugin_stamp); clang: $("$CLANG" --version | head -1)"
  awk -F'\t' -v modes="$MODES" -v variants="$variants" '
    NR > 1 { key = $2 SUBSEP $3; n[key]++; w[key, n[key]] = $4; m[key, n[key]] = $5; c[key, n[key]] = $6 }
    function median(arr, key, cnt,   i, j, t, v) {
      for (i = 1; i <= cnt; i++) v[i] = arr[key, i] + 0
      for (i = 2; i <= cnt; i++) { t = v[i]; j = i - 1; while (j >= 1 && v[j] > t) { v[j+1] = v[j]; j-- } v[j+1] = t }
      if (cnt % 2) return v[(cnt + 1) / 2]
      return (v[cnt / 2] + v[cnt / 2 + 1]) / 2
    }
    END {
      nm = split(modes, M, " "); nv = split(variants, V, " ")
      printf "%-7s %-8s %8s %8s %11s %8s %8s %8s\n", "mode", "variant", "wall(s)", "cpu(s)", "maxRSS(MB)", "wall x", "cpu x", "RSS x"
      for (i = 1; i <= nm; i++) {
        bk = M[i] SUBSEP "base"
        bw = median(w, bk, n[bk]); bm = median(m, bk, n[bk]); bc = median(c, bk, n[bk])
        for (j = 1; j <= nv; j++) {
          k = M[i] SUBSEP V[j]
          mw = median(w, k, n[k]); mm = median(m, k, n[k]); mc = median(c, k, n[k])
          printf "%-7s %-8s %8.3f %8.2f %11.1f %8.3f %8.3f %8.3f\n", M[i], V[j], mw, mc, mm / 1024, mw / bw, mc / bc, mm / bm
        }
      }
      print "(medians; \"x\" = variant / base of the same mode; wall from date(1); cpu = user+sys and RSS = /usr/bin/time %U+%S, %M)"
    }' "$runs"
} | tee "$summary"
echo "(per-run data: $runs)"
