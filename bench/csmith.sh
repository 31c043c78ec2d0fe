#!/usr/bin/env bash
# Robustness: run the cescape plugin over random csmith programs (or over a
# directory of real C files) and count compiler crashes. See bench/README.md.
#
# Usage: bench/csmith.sh [N | DIR]
#   N    generate programs with csmith seeds 1..N (default 500) into
#        bench/out/csmith/ (reused if already generated) and compile them
#   DIR  compile every *.c under DIR instead (e.g. an unpacked source tree)
# Each file is compiled twice with
#   clang-19 -fsyntax-only -w -I/usr/include/csmith $EXTRA_CFLAGS \
#     -fplugin=$CESCAPE_PLUGIN -fplugin-arg-cescape-m      (and -m=2)
# Environment:
#   CESCAPE_PLUGIN  plugin path (default: <repo>/build/cescape.so)
#   EXTRA_CFLAGS    more compile flags (e.g. -I, -D for real code)
#   JOBS            parallel compiles (default: nproc)
#   TIMEOUT         seconds per compile (default 120); a timeout is a failure
#   CSMITH_OPTS     extra csmith options (default none)
#   MEM_LIMIT_MB    address-space limit per compile (ulimit -v, default 4096);
#                   keeps a runaway analysis from triggering the machine's
#                   OOM killer. Hitting it is reported as a crash (oom).
# Exit status: 1 if any compile crashed, else 0.
# Functions below run under xargs (bash -c), which shellcheck cannot see.
# shellcheck disable=SC2317,SC2016,SC2015
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
JOBS="${JOBS:-$(nproc)}"
TIMEOUT="${TIMEOUT:-120}"
EXTRA_CFLAGS="${EXTRA_CFLAGS:-}"
CSMITH_OPTS="${CSMITH_OPTS:-}"
MEM_LIMIT_MB="${MEM_LIMIT_MB:-4096}"
out="$here/out/csmith"

arg="${1:-500}"
need_tool "$CLANG" clang-19
require_plugin

mkdir -p "$out"
snapshot_plugin "$out/cescape.so"
list="$out/inputs.txt"
: >"$list"
if [ -d "$arg" ]; then
  mode=dir
  src_dir="$(cd "$arg" && pwd)"
  find "$src_dir" -name '*.c' -type f | sort >"$list"
  label="files"
  echo "csmith: compiling $(wc -l <"$list") .c files under $src_dir"
else
  case "$arg" in ''|*[!0-9]*) echo "usage: $0 [N | DIR]" >&2; exit 2 ;; esac
  mode=gen
  label="programs"
  if ! command -v csmith >/dev/null 2>&1 || [ ! -f /usr/include/csmith/csmith.h ]; then
    echo "csmith: csmith or its headers are missing; installing with: apt-get install -y csmith libcsmith-dev" >&2
    apt-get install -y csmith libcsmith-dev >&2
  fi
  gen_dir="$out/programs"
  mkdir -p "$gen_dir"
  echo "csmith: generating seeds 1..$arg into $gen_dir ($(csmith --version | head -1))"
  gen_one() {
    local f="$gen_dir/seed_$1.c"
    if [ ! -s "$f" ]; then
      # shellcheck disable=SC2086
      timeout 120 csmith --seed "$1" $CSMITH_OPTS -o "$f.tmp" >/dev/null 2>&1 && mv "$f.tmp" "$f" \
        || { rm -f "$f.tmp"; echo "csmith: generation failed for seed $1" >&2; }
    fi
  }
  export -f gen_one; export gen_dir CSMITH_OPTS
  seq 1 "$arg" | xargs -P "$JOBS" -I{} bash -c 'gen_one {}'
  for i in $(seq 1 "$arg"); do
    [ -s "$gen_dir/seed_$i.c" ] && echo "$gen_dir/seed_$i.c" >>"$list"
  done
fi

res="$out/results"
fail_dir="$out/failures"
rm -rf "$res" "$fail_dir"
mkdir -p "$res" "$fail_dir"

# One file: compile with -m and -m=2; write
#   "<file>\t<variant>\t<status>\t<rc>\t<remarks>\t<note>"
# status: ok | crash | timeout | fail | fail-baseline (fails without the plugin too)
# note: oom when the compile ran out of memory (MEM_LIMIT_MB), else empty
check_one() {
  local f="$1" id tmp v flag rc status nrem note
  ulimit -v $((MEM_LIMIT_MB * 1024))
  id="$(echo "$f" | md5sum | cut -c1-12)"
  tmp="$res/$id"
  for v in m m2; do
    if [ "$v" = m ]; then flag="-fplugin-arg-cescape-m"; else flag="-fplugin-arg-cescape-m=2"; fi
    set +e
    # shellcheck disable=SC2086
    timeout "$TIMEOUT" "$CLANG" -fsyntax-only -w -I/usr/include/csmith $EXTRA_CFLAGS \
      -fplugin="$PLUGIN" "$flag" "$f" >"$tmp.$v.err" 2>&1
    rc=$?
    set -e
    nrem=$(grep -c '\[cescape:' "$tmp.$v.err" || true)
    note=""
    if grep -qE 'out of memory|Allocation failed|bad_alloc' "$tmp.$v.err"; then note=oom; fi
    if [ "$rc" -eq 124 ]; then
      status=timeout
    elif [ "$rc" -ge 128 ] || grep -qE 'PLEASE submit a bug report|Stack dump' "$tmp.$v.err"; then
      status=crash
    elif [ "$rc" -ne 0 ]; then
      # shellcheck disable=SC2086
      if timeout "$TIMEOUT" "$CLANG" -fsyntax-only -w -I/usr/include/csmith $EXTRA_CFLAGS "$f" \
           >/dev/null 2>&1; then
        status=fail
      else
        status=fail-baseline
      fi
    else
      status=ok
    fi
    if [ "$status" != ok ]; then
      cp "$tmp.$v.err" "$fail_dir/$(basename "$f" .c)__$id.$v.stderr.txt"
    else
      # keep only the per-kind counts of successful runs
      grep -o '\[cescape:[a-z0-9-]*\]' "$tmp.$v.err" | sed 's/^\[cescape://; s/\]$//' | sort | uniq -c >"$tmp.$v.kinds" || true
    fi
    rm -f "$tmp.$v.err"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$v" "$status" "$rc" "$nrem" "$note" >"$tmp.$v.tsv"
  done
}
export -f check_one; export res fail_dir CLANG PLUGIN TIMEOUT EXTRA_CFLAGS MEM_LIMIT_MB

start=$(date +%s)
tr '\n' '\0' <"$list" | xargs -0 -P "$JOBS" -I{} bash -c 'check_one "$1"' _ {}
elapsed=$(( $(date +%s) - start ))

all="$out/results.tsv"
printf 'file\tvariant\tstatus\trc\tremarks\tnote\n' >"$all"
cat "$res"/*.tsv 2>/dev/null | sort >>"$all" || true

n=$(wc -l <"$list")
name_of() {  # seed number in generate mode, path otherwise
  if [ "$mode" = gen ]; then basename "$1" .c | sed 's/^seed_//'; else echo "$1"; fi
}
summary="$out/summary.txt"
{
  crashes=$(awk -F'\t' 'NR>1 && $3=="crash" {print $1}' "$all" | sort -u)
  k=$(printf '%s' "$crashes" | grep -c . || true)
  echo "$n $label, $k crashes"
  echo "  (plugin: $ORIG_PLUGIN, $(plugin_stamp); $elapsed s, $JOBS jobs, ${MEM_LIMIT_MB} MB limit)"
  for st in crash timeout fail fail-baseline; do
    files=$(awk -F'\t' -v st="$st" 'NR>1 && $3==st {print $1}' "$all" | sort -u)
    c=$(printf '%s' "$files" | grep -c . || true)
    per_v=$(awk -F'\t' -v st="$st" 'NR>1 && $3==st {n[$2 == "m2" ? "-m=2" : "-m"]++; if ($6 == "oom") o++}
      END {for (v in n) printf " %s:%d", v, n[v]; if (o) printf ", of which out of memory: %d", o}' "$all")
    echo "  $st: $c${per_v:+ (compiles by variant:$per_v)}"
    if [ "$c" -gt 0 ]; then
      # shellcheck disable=SC2001
      echo "    $(for f in $files; do name_of "$f"; done | sort -n | tr '\n' ' ')"
    fi
  done
  echo "  (fail = non-zero exit without a crash, only with the plugin; fail-baseline = also fails without it)"
  tot_m=$(awk -F'\t' 'NR>1 && $2=="m" {s+=$5} END {print s+0}' "$all")
  tot_m2=$(awk -F'\t' 'NR>1 && $2=="m2" {s+=$5} END {print s+0}' "$all")
  echo "  cescape diagnostics printed: $tot_m with -m, $tot_m2 with -m=2"
  for v in m m2; do
    kinds=$(cat "$res"/*."$v".kinds 2>/dev/null | awk '{n[$2]+=$1} END {for (k in n) printf " %s %d", k, n[k]}')
    echo "    by kind (-${v/m2/m=2}):${kinds:- none}"
  done
  if [ -n "$(ls -A "$fail_dir")" ]; then echo "  stderr of failures: $fail_dir/"; fi
} | tee "$summary"

if awk -F'\t' 'NR>1 && $3=="crash" {found=1} END {exit !found}' "$all"; then
  exit 1
fi
exit 0
