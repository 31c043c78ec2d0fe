#!/usr/bin/env bash
# What the .debug_cescape section (each unit's findings in its object, for
# `cescape collect`) costs on git 2.39.5 (issue 14, "It must show"), side
# by side in one run: git built once with `cescape cc` (bench/projects.sh
# git), its objects and archives as built and the same with the section
# removed (llvm-objcopy --remove-section: what section=off gives, the
# file-scope asm being the only difference; checked on one unit below):
#   - the total size of the objects, and of the linked git program;
#   - the link of git (the Makefile's command, plain clang-19 and GNU ld):
#     instructions (cachegrind, the driver and the linker) and wall time;
#   - `cescape collect` over every object into a new database:
#     instructions and wall time.
# Wall times are the median of ROUNDS runs, the variants alternating.
#
# Usage: bench/section-cost.sh [-r ROUNDS]
#   needs bench/out/projects/git/src (run bench/projects.sh git first)
# Outputs: bench/out/section-cost/ (results.txt)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
ROUNDS=5
while [ $# -gt 0 ]; do
  case "$1" in
    -r) ROUNDS="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "section-cost: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
src="$here/out/projects/git/src"
[ -f "$src/git" ] || { echo "section-cost: run bench/projects.sh git first" >&2; exit 2; }
need_tool valgrind valgrind
need_tool llvm-objcopy-19 llvm-19
CESCAPE="${CESCAPE:-$repo/build/cescape}"
out="$here/out/section-cost"
rm -rf "$out"
mkdir -p "$out/with" "$out/without"
GIT_FLAGS="NO_CURL=1 NO_EXPAT=1 NO_GETTEXT=1 NO_TCLTK=1 NO_OPENSSL=1 NO_PYTHON=1"

# The two trees: git's objects and archives, with and without the section.
(cd "$src" && find . -name '*.o' -o -name '*.a') | sort >"$out/files.txt"
while IFS= read -r f; do
  mkdir -p "$out/with/$(dirname "$f")" "$out/without/$(dirname "$f")"
  cp "$src/$f" "$out/with/$f"
  llvm-objcopy-19 --remove-section .debug_cescape "$src/$f" "$out/without/$f"
done <"$out/files.txt"
objects="$(grep -c '\.o$' "$out/files.txt")"

# section=off gives the same object as removing the section (one unit).
unit=$(cd "$src" && ls -S ./*.c | head -1)
unit=${unit#./}
# shellcheck disable=SC2086
cmd="$(cd "$src" && make -n V=1 $GIT_FLAGS CC="$CLANG" -W "$unit" "${unit%.c}.o" | grep -E -- " -c .* $unit\$" | head -1)"
cmd="${cmd/-o ${unit%.c}.o/-o $out/off.o}"
(cd "$src" && eval "$cmd -fplugin=$PLUGIN -fplugin-arg-cescape-section=off" 2>/dev/null)
llvm-objcopy-19 --remove-section .debug_cescape "$src/${unit%.c}.o" "$out/removed.o"
off_size=$(stat -c %s "$out/off.o") removed_size=$(stat -c %s "$out/removed.o")

# git's link command, run in either tree.
# shellcheck disable=SC2086
link="$(cd "$src" && make -n V=1 $GIT_FLAGS CC="$CLANG" -W git.o git |
  sed -e ':a' -e '/\\$/N; s/\\\n//; ta' | grep -E -- "-o git " | tail -1)"
echo "$link" >"$out/link.txt"

sum_sizes() { (cd "$1" && find . -name '*.o' -print0 | xargs -0 stat -c %s | awk '{s+=$1} END {print s}'); }
wall() {  # wall DIR CMD: seconds
  local t0 t1
  t0=$(date +%s%N)
  (cd "$1" && eval "$2") >/dev/null 2>&1
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}'
}
instructions() {  # instructions DIR CMD: Ir summed over the process tree
  rm -f "$out"/cg.*
  (cd "$1" && eval "valgrind --tool=cachegrind --cache-sim=no --trace-children=yes \
    --cachegrind-out-file=$out/cg.%p $2") >/dev/null 2>&1
  cat "$out"/cg.* | awk '/^summary:/ {s+=$2} END {print s}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
collect="$CESCAPE collect --db $out/collect.db \$(find . -name '*.o' | sort)"

for v in with without; do
  printf '%s objects_bytes %s\n' "$v" "$(sum_sizes "$out/$v")"
done >"$out/sizes.txt"
: >"$out/walls.txt"
for r in $(seq "$ROUNDS"); do
  order="with without"
  [ $((r % 2)) = 0 ] && order="without with"
  for v in $order; do
    echo "$v link $(wall "$out/$v" "$link")" >>"$out/walls.txt"
    rm -f "$out/collect.db"
    echo "$v collect $(wall "$out/$v" "$collect")" >>"$out/walls.txt"
  done
done
for v in with without; do cp "$out/$v/git" "$out/git-$v"; done
ir_link_with=$(instructions "$out/with" "$link")
ir_link_without=$(instructions "$out/without" "$link")
rm -f "$out/collect.db"
ir_collect=$(instructions "$out/with" "$collect")
rm -f "$out/collect.db"
(cd "$out/with" && eval "$collect") >"$out/collect.txt"

{
  echo "# git $(basename "$(ls "$here/out/src/git_"*.dsc | head -1)" .dsc), $objects objects; plugin $(plugin_stamp)"
  echo "# section=off vs section removed, $unit: $off_size vs $removed_size bytes"
  awk '{print $1, $2, $3}' "$out/sizes.txt"
  echo "with git_bytes $(stat -c %s "$out/git-with")"
  echo "without git_bytes $(stat -c %s "$out/git-without")"
  awk '$1 == "with" {w=$3} $1 == "without" {o=$3} END {printf "ratio objects_bytes %.3f\n", w/o}' "$out/sizes.txt"
  echo "ratio git_bytes $(awk -v w="$(stat -c %s "$out/git-with")" -v o="$(stat -c %s "$out/git-without")" 'BEGIN{printf "%.3f", w/o}')"
  for v in with without; do
    echo "$v link_wall_s_median $(awk -v v="$v" '$1 == v && $2 == "link" {print $3}' "$out/walls.txt" | median)"
  done
  echo "with link_Ir $ir_link_with"
  echo "without link_Ir $ir_link_without"
  echo "ratio link_Ir $(awk -v w="$ir_link_with" -v o="$ir_link_without" 'BEGIN{printf "%.3f", w/o}')"
  echo "collect $(cat "$out/collect.txt"): wall_s_median $(awk '$1 == "with" && $2 == "collect" {print $3}' "$out/walls.txt" | median), Ir $ir_collect"
  echo "collect of the objects without the section (reading only): wall_s_median $(awk '$1 == "without" && $2 == "collect" {print $3}' "$out/walls.txt" | median)"
  echo "source texts in the sections: $(sqlite3 "$out/collect.db" "SELECT sum(length(s.text)) FROM unit_sources u JOIN sources s ON s.hash = u.hash") bytes"
} | tee "$out/results.txt"
