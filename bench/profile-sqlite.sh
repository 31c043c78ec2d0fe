#!/usr/bin/env bash
# cescape profile on the sqlite3 shell (shell.c and the amalgamation of
# SQLite's autoconf release, from the npm package sqlite3, built with the
# plugin at -O2) reading a query workload on its standard input: the top
# findings by alloc_objects, the profiler's overhead at the default rate and
# at --rate 1 in instructions and CPU time, and heaptrack on the same
# workload side by side (bench/profile-lib.sh says how each is measured).
#
#   bash bench/profile-sqlite.sh [ROWS [ROUNDS]]     (default 20000 rows, 5 rounds)
#
# The workload (workload.sql, written here): a table of ROWS rows inserted
# one INSERT statement each in one transaction, as a dump is loaded, an
# index, then 20 rounds of five queries (LIKE, GROUP BY, ORDER BY, a
# self-join, group_concat). Writes under bench/out/profile-sqlite.
# CESCAPE=path/to/cescape picks another build (its libcescape-profile.so
# beside it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"
out="$here/out/profile-sqlite"
. "$here/profile-lib.sh"
ROWS="${1:-20000}"
ROUNDS="${2:-5}"
require_plugin
mkdir -p "$out"
# The autoconf release ships shell.c beside sqlite3.c (fetch_sqlite unpacks
# it from the package's deps/).
SQLITE_NPM_PKG="sqlite3@6.0.1"
shell_src() { find "$out/npm" -name shell.c -print -quit 2>/dev/null || true; }
[ -n "$(shell_src)" ] || rm -f "$out/sqlite3.c"
fetch_sqlite "$out"
SHELL_SRC="$(shell_src)"

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
if [ ! -x sqlite3 ] || [ sqlite3 -ot "$SQLITE_SRC" ] || [ sqlite3 -ot "$PLUGIN" ]; then
  rm -f sqlite.db cc.log
  cp -p "$SHELL_SRC" shell.c
  echo "$bench_self: building the sqlite3 shell (sqlite3.c, shell.c) with cescape cc (-O2)..." >&2
  for f in sqlite3.c shell.c; do
    # shellcheck disable=SC2086  # PROFILE_CFLAGS: several flags
    CESCAPE_ARGS="db=$out/sqlite.db root=$out$args" PROFILE_CC_LOG="$out/cc.log" \
      nice -n 10 "$here/profile-cc.sh" $PROFILE_CFLAGS -DSQLITE_THREADSAFE=0 \
      -c "$f" -o "${f%.c}.o" 2>"$f.err"
  done
  clang-19 sqlite3.o shell.o -o sqlite3 -lm
fi

awk -v rows="$ROWS" 'BEGIN {
  print "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, grp INTEGER, v REAL);"
  print "BEGIN;"
  for (i = 0; i < rows; i++)
    printf "INSERT INTO t(name, grp, v) VALUES (%cname-%d-%.0f%c, %d, %.1f);\n",
           39, i, (i * 2654435761) % 4294967296, 39, i % 97, i * 0.5
  print "COMMIT;"
  print "CREATE INDEX t_name ON t(name);"
  for (r = 0; r < 20; r++) {
    print "SELECT count(*) FROM t WHERE name LIKE '\''name-1%'\'';"
    print "SELECT grp, sum(v) FROM t GROUP BY grp ORDER BY 2 DESC;"
    print "SELECT id FROM t ORDER BY name DESC LIMIT 50;"
    print "SELECT count(*) FROM t a JOIN t b ON a.id = b.id + 1 WHERE a.grp = 3;"
    printf "SELECT length(group_concat(name)) FROM t WHERE grp = %d;\n", r
  }
}' >workload.sql

workload() { "$@" ./sqlite3 -batch :memory: <workload.sql >/dev/null; }
measure_overhead "$ROUNDS"
workload "$CESCAPE" profile --rate 1 --db sqlite.db -o every.pb.gz -- 2>"$out/join.err"
heaptrack_print "$out/raw/heaptrack".* >"$out/heaptrack.txt" 2>/dev/null || true

echo "== cescape profile on the sqlite3 shell ($(grep -m1 -oE 'version 3\.[0-9]+(\.[0-9]+)*' sqlite3.c)): $ROWS rows (plugin $(plugin_stamp); CPU time: median of $ROUNDS rounds)"
print_overhead
print_top_findings sqlite.db every.pb.gz
