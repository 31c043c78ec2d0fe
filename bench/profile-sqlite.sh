#!/usr/bin/env bash
# cescape profile on SQLite (the amalgamation from npm better-sqlite3, built
# with the plugin at -O2 -g) running bench/profile-sqlite-workload.c: the top
# findings by alloc_objects, the profiler's overhead at the default rate and
# at --rate 1, and heaptrack on the same workload side by side.
#
#   bash bench/profile-sqlite.sh [ROWS [ROUNDS]]
#
# Overhead: wall time of the workload alone, under the preloaded profiler
# (as cescape profile runs it: LD_PRELOAD and the environment), and of the
# whole "cescape profile" command (with symbolisation), rounds interleaved,
# as ratios to the plain run's total. Writes under bench/out/profile-sqlite.
# CESCAPE=path/to/cescape picks another build (its libcescape-profile.so
# beside it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"
ROWS="${1:-20000}"
ROUNDS="${2:-3}"
MEM_LIMIT_MB="${MEM_LIMIT_MB:-4000}"
CESCAPE="${CESCAPE:-$repo/build/cescape}"
PRELOAD="$(dirname "$CESCAPE")/libcescape-profile.so"
out="$here/out/profile-sqlite"
require_plugin
need_tool heaptrack heaptrack
mkdir -p "$out"
snapshot_plugin "$out/cescape.so"
fetch_sqlite "$out"
cp "$here/profile-sqlite-workload.c" "$out/workload.c"

# -fno-optimize-sibling-calls: a tail call leaves no frame, and SQLite's
# sqlite3DbMallocRawNN tail-calls its slow path, which would hide its caller.
# SQLite's allocator family, so that samples go past it to its callers
# (sqlite3Malloc reaches malloc through a function pointer).
alloc_args=()
for a in sqlite3Malloc sqlite3MallocZero sqlite3_malloc sqlite3_malloc64 \
         sqlite3Realloc sqlite3_realloc sqlite3_realloc64; do
  alloc_args+=("-fplugin-arg-cescape-alloc=$a:sqlite3_free")
done
for a in sqlite3DbMallocRaw sqlite3DbMallocRawNN sqlite3DbMallocZero; do
  alloc_args+=("-fplugin-arg-cescape-alloc=$a:sqlite3DbFree:2")
done

cd "$out"
if [ ! -x workload ] || [ workload -ot "$SQLITE_SRC" ] || [ workload -ot workload.c ]; then
  rm -f sqlite.db
  echo "building sqlite3.c and workload.c with the plugin (-O2 -g)..." >&2
  for f in sqlite3.c workload.c; do
    run_capped "$f" /dev/null "$out/$f.err" "$CLANG" -g -O2 \
      -fno-optimize-sibling-calls -fplugin="$PLUGIN" \
      -fplugin-arg-cescape-db="$out/sqlite.db" -fplugin-arg-cescape-root="$out" \
      "${alloc_args[@]}" -DSQLITE_THREADSAFE=0 -c "$f" -o "${f%.c}.o"
  done
  "$CLANG" sqlite3.o workload.o -o workload -lm
fi

now() { date +%s%N; }
declare -A total=([plain]=0 [preload]=0 [preload1]=0 [profile]=0 [profile1]=0 [heaptrack]=0)
run() {  # NAME CMD...: add CMD's wall time to total[NAME]
  local name="$1" t0 t1
  shift
  t0=$(now)
  "$@" >/dev/null 2>"$out/$name.err"
  t1=$(now)
  total[$name]=$(( total[$name] + (t1 - t0) / 1000 ))
}
raw="$out/raw"
for ((r = 1; r <= ROUNDS; r++)); do
  echo "round $r/$ROUNDS" >&2
  rm -rf "$raw"; mkdir -p "$raw"
  run plain ./workload "$ROWS"
  run preload env LD_PRELOAD="$PRELOAD" CESCAPE_PROFILE_OUT="$raw/default" ./workload "$ROWS"
  run preload1 env LD_PRELOAD="$PRELOAD" CESCAPE_PROFILE_OUT="$raw/every" CESCAPE_PROFILE_RATE=1 ./workload "$ROWS"
  run profile "$CESCAPE" profile -o default.pb.gz -- ./workload "$ROWS"
  run profile1 "$CESCAPE" profile --rate 1 -o every.pb.gz -- ./workload "$ROWS"
  run heaptrack heaptrack -o "$out/heaptrack.$r" ./workload "$ROWS"
done
ratio() { awk -v a="${total[$1]}" -v b="${total[plain]}" 'BEGIN { printf "%.3f", a / b }'; }

"$CESCAPE" profile --rate 1 --db sqlite.db -o every.pb.gz -- ./workload "$ROWS" 2>"$out/join.err" >/dev/null
ht="$(ls -t "$out"/heaptrack.[0-9]*.* | head -1)"
heaptrack_print "$ht" >"$out/heaptrack.txt" 2>/dev/null || true

echo "== cescape profile on SQLite: $ROWS rows, $ROUNDS rounds (plugin $(plugin_stamp))"
echo "-- wall time, ratio to the plain run's total (same rounds, interleaved):"
echo "   workload under the profiler, default rate (512 KiB): $(ratio preload)"
echo "   workload under the profiler, --rate 1:               $(ratio preload1)"
echo "   cescape profile, default rate (with symbolisation):  $(ratio profile)"
echo "   cescape profile --rate 1 (with symbolisation):       $(ratio profile1)"
echo "   heaptrack (records every call):                      $(ratio heaptrack)"
echo "-- allocations counted, cescape --rate 1 vs heaptrack:"
echo "   cescape: $("$CESCAPE" top --sample alloc_objects every.pb.gz | sed -n 2p)"
echo "   heaptrack: $(grep -m1 'calls to allocation functions' "$out/heaptrack.txt" || echo '?')"
cat "$out/join.err"
echo "-- top findings by alloc_objects (cescape list --sort alloc_objects):"
"$CESCAPE" list --db sqlite.db --sort alloc_objects | head -10
echo "-- heaptrack's most calls to allocation functions:"
sed -n '/MOST CALLS TO ALLOCATION FUNCTIONS/,/^$/p' "$out/heaptrack.txt" | grep -E '^[0-9]+ calls' | head -5
echo "-- cescape top (functions, alloc_objects, --rate 1):"
"$CESCAPE" top --sample alloc_objects --nodecount 8 every.pb.gz | tail -n +3
