#!/usr/bin/env bash
# cescape profile on SQLite (the amalgamation from npm better-sqlite3, built
# with the plugin at -O2) running bench/profile-sqlite-workload.c: the top
# findings by alloc_objects, the profiler's overhead at the default rate and
# at --rate 1 in instructions and CPU time, and heaptrack on the same
# workload side by side (bench/profile-lib.sh says how each is measured).
#
#   bash bench/profile-sqlite.sh [ROWS [ROUNDS]]     (default 20000 rows, 5 rounds)
#
# Writes under bench/out/profile-sqlite. CESCAPE=path/to/cescape picks
# another build (its libcescape-profile.so beside it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"
out="$here/out/profile-sqlite"
. "$here/profile-lib.sh"
ROWS="${1:-20000}"
ROUNDS="${2:-5}"
require_plugin
mkdir -p "$out"
fetch_sqlite "$out"
cp -p "$here/profile-sqlite-workload.c" "$out/workload.c"

# SQLite's allocator family, so that samples go past it to its callers
# (sqlite3Malloc reaches malloc through a function pointer).
args=""
for a in sqlite3Malloc sqlite3MallocZero sqlite3_malloc sqlite3_malloc64 \
         sqlite3Realloc sqlite3_realloc sqlite3_realloc64; do
  args+=" alloc=$a:sqlite3_free"
done
for a in sqlite3DbMallocRaw sqlite3DbMallocRawNN sqlite3DbMallocZero; do
  args+=" alloc=$a:sqlite3DbFree:2"
done

cd "$out"
if [ ! -x workload ] || [ workload -ot "$SQLITE_SRC" ] || [ workload -ot workload.c ] ||
   [ workload -ot "$PLUGIN" ]; then
  rm -f sqlite.db cc.log
  echo "$bench_self: building sqlite3.c and workload.c with cescape cc (-O2)..." >&2
  for f in sqlite3.c workload.c; do
    # shellcheck disable=SC2086  # PROFILE_CFLAGS: several flags
    CESCAPE_ARGS="db=$out/sqlite.db root=$out$args" PROFILE_CC_LOG="$out/cc.log" \
      "$here/profile-cc.sh" $PROFILE_CFLAGS -DSQLITE_THREADSAFE=0 -c "$f" \
      -o "${f%.c}.o" 2>"$f.err"
  done
  clang-19 sqlite3.o workload.o -o workload -lm
fi

workload() { "$@" ./workload "$ROWS" >/dev/null; }
measure_overhead "$ROUNDS"
"$CESCAPE" profile --rate 1 --db sqlite.db -o every.pb.gz -- ./workload "$ROWS" \
  2>"$out/join.err" >/dev/null
heaptrack_print "$out/raw/heaptrack".* >"$out/heaptrack.txt" 2>/dev/null || true

echo "== cescape profile on SQLite: $ROWS rows (plugin $(plugin_stamp); CPU time: median of $ROUNDS rounds)"
print_overhead
print_top_findings sqlite.db every.pb.gz
