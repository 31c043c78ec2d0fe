#!/usr/bin/env bash
# The plugin's added cost on git (the largest of bench/projects.sh's
# projects), per translation unit and side by side: the N largest .c files
# of git compiled with git's own flags (-g -O2, from `make -n V=1`), without
# and with the plugin (recording into a database, as `cescape cc` does in
# bench/projects.sh), alternating the order each round.
#
# Usage: bench/projects-overhead.sh [-r ROUNDS] [-n FILES] [--instr]
#   needs bench/out/projects/git/src (run bench/projects.sh git first)
#   --instr  instead of timing, count the instructions each compile executes
#            (valgrind --tool=cachegrind --cache-sim=no; clang's cc1 runs in
#            process), once per variant: a ratio that does not depend on the
#            machine's load (wall and CPU times on a shared machine do)
#   --modes "O2 O0 syntax"  with --instr: git's -O2 (default), -O0 instead,
#            or -fsyntax-only
# Prints the summed wall and CPU (user+sys) seconds of each variant per round,
# and the median ratio plugin/base. Outputs: bench/out/projects-overhead/
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
ROUNDS=3
NFILES=10
INSTR=0
MODES=O2
while [ $# -gt 0 ]; do
  case "$1" in
    --instr) INSTR=1; shift ;;
    --modes) MODES="$2"; shift 2 ;;
    -r) ROUNDS="$2"; shift 2 ;;
    -n) NFILES="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "projects-overhead: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
src="$here/out/projects/git/src"
[ -d "$src" ] || { echo "projects-overhead: run bench/projects.sh git first" >&2; exit 2; }
out="$here/out/projects-overhead"
mkdir -p "$out"
# The plugin reads the summaries of the functions each unit calls from the
# database: start from the whole build's (bench/projects.sh git), as an
# incremental build would.
rm -f "$out/overhead.db"*
[ -f "$here/out/projects/git/cescape.db" ] && cp "$here/out/projects/git/cescape.db" "$out/overhead.db"
require_plugin
snapshot_plugin "$out/cescape.so"

cd "$src"
mapfile -t files < <(ls -S ./*.c builtin/*.c | head -"$NFILES")
# git's compile command of each (make -n prints it; -W marks it stale)
: >"$out/commands.txt"
for f in "${files[@]}"; do
  f="${f#./}"
  # shellcheck disable=SC2086
  cmd="$(make -n V=1 $GIT_FLAGS -W "$f" "${f%.c}.o" 2>/dev/null | grep -E -- " -c .* $f\$" | head -1)"
  [ -n "$cmd" ] || { echo "projects-overhead: no command for $f" >&2; exit 1; }
  # drop "cc -o X.o -c -MF ... -MQ X.o -MMD -MP", keep the flags and the file
  flags="$(sed -E 's/^cc -o [^ ]+ -c -MF [^ ]+ -MQ [^ ]+ -MMD -MP//' <<<"$cmd")"
  echo "$flags" >>"$out/commands.txt"
done

if [ "$INSTR" = 1 ]; then
  need_tool valgrind valgrind
  printf 'mode\tfile\tbase_Ir\tplugin_Ir\tratio\n' >"$out/instr.tsv"
  for mode in $MODES; do
    i=0
    while IFS= read -r flags; do
      i=$((i + 1))
      eval "set -- $flags"
      args=()
      for a in "$@"; do [ "$a" = -O2 ] || args+=("$a"); done
      case "$mode" in
        O2) m=(-O2 -c -o "$out/x.o") ;;
        O0) m=(-O0 -c -o "$out/x.o") ;;
        syntax) m=(-fsyntax-only) ;;
        *) echo "projects-overhead: unknown mode $mode" >&2; exit 2 ;;
      esac
      for v in base plugin; do
        extra=()
        [ "$v" = plugin ] && extra=(-fplugin="$PLUGIN" -fplugin-arg-cescape-db="$out/overhead.db" -fplugin-arg-cescape-root="$src")
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$out/cg.$mode.$v.$i" \
          "$CLANG" -w "${m[@]}" "${extra[@]}" "${args[@]}" >/dev/null 2>"$out/cg.$mode.$v.$i.log"
        ir=$(sed -nE 's/.*I +refs: +([0-9,]+).*/\1/p' "$out/cg.$mode.$v.$i.log" | tr -d ,)
        if [ "$v" = base ]; then ir_base=$ir; else ir_plugin=$ir; fi
      done
      printf '%s\t%s\t%s\t%s\t%s\n' "$mode" "${files[$((i-1))]}" "$ir_base" "$ir_plugin" "$(awk -v a="$ir_plugin" -v b="$ir_base" 'BEGIN{printf "%.4f", a/b}')" | tee -a "$out/instr.tsv" >&2
    done <"$out/commands.txt"
  done
  awk -F'\t' 'NR>1 { b[$1] += $3; p[$1] += $4; n[$1]++ } END { for (m in b) printf "instructions (cachegrind), %s, sum over %d units: base %.0f, plugin %.0f, ratio %.4f\n", m, n[m], b[m], p[m], p[m]/b[m] }' "$out/instr.tsv" | tee "$out/instr-summary.txt"
  exit 0
fi
runs="$out/runs.tsv"
printf 'round\tvariant\twall_s\tcpu_s\n' >"$runs"
one() {  # variant -> sums over the files
  local v="$1" t0 t1 cpu=0 u s extra=()
  [ "$v" = plugin ] && extra=(-fplugin="$PLUGIN" -fplugin-arg-cescape-db="$out/overhead.db" -fplugin-arg-cescape-root="$src")
  t0=$(date +%s%N)
  while IFS= read -r flags; do
    eval "set -- $flags"
    /usr/bin/time -f '%U %S' -o "$out/time.txt" "$CLANG" -w -c -o "$out/x.o" "${extra[@]}" "$@" >/dev/null 2>&1
    read -r u s <"$out/time.txt"
    cpu=$(awk -v a="$cpu" -v b="$u" -v c="$s" 'BEGIN{print a+b+c}')
  done <"$out/commands.txt"
  t1=$(date +%s%N)
  printf '%s\t%s\t%s\t%s\n' "$r" "$v" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", (b-a)/1e9}')" "$cpu" >>"$runs"
}
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) -eq 1 ]; then one base; one plugin; else one plugin; one base; fi
  tail -2 "$runs" >&2
done
{
  echo "git $(basename "$src"): ${#files[@]} largest units (${files[*]}), -g -O2 as git builds them, $ROUNDS alternating rounds, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "plugin $(plugin_stamp) (with db=)"
  awk -F'\t' 'NR>1 { w[$2, $1] = $3; c[$2, $1] = $4; if ($1 > n) n = $1 }
    function med(a, k,   i, j, t, v, m) { m = 0; for (i = 1; i <= n; i++) v[++m] = a[k, i]
      for (i = 2; i <= m; i++) { t = v[i]; j = i - 1; while (j >= 1 && v[j] > t) { v[j+1] = v[j]; j-- } v[j+1] = t }
      return m % 2 ? v[(m+1)/2] : (v[m/2] + v[m/2+1]) / 2 }
    END { printf "round  base_wall plugin_wall  base_cpu plugin_cpu\n"
      for (i = 1; i <= n; i++) printf "%5d %10.2f %11.2f %9.2f %10.2f\n", i, w["base", i], w["plugin", i], c["base", i], c["plugin", i]
      printf "median ratio plugin/base: wall %.3f, cpu %.3f\n", med(w, "plugin") / med(w, "base"), med(c, "plugin") / med(c, "base") }' "$runs"
} | tee "$out/summary.txt"
