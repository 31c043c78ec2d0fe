#!/usr/bin/env bash
# cescape profile on Redis (Debian bookworm's source, built with cescape cc
# and the C library's malloc) serving redis-benchmark: the server is the
# profiled program. Prints the overhead table (the server's instructions and
# CPU time, heaptrack beside; bench/profile-lib.sh) and the top findings by
# alloc_objects.
#
#   bash bench/profile-redis.sh [REQUESTS [ROUNDS]]
#        (default 10000 requests per test, 5 CPU-time rounds)
#   bash bench/profile-redis.sh fixits [REQUESTS [ROUNDS]]
#        the top fix-its applied instead (compare_fixits, profile-lib.sh),
#        ZADD added to the tests: none of the allocation sites the other
#        tests reach has a fix-it, ZADD's array of scores has one
#
# The tests: SET GET INCR LPUSH LPOP SADD HSET, 10 clients, random keys
# from 10000. The server runs with --hz 1 (server cron once a second):
# under valgrind the run lasts some fifty times longer, and the default
# ten crons a second would count as work the requests did not do.
# Writes under bench/out/profile-redis. PORT (default 16379) is the port.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"
out="$here/out/profile-redis"
. "$here/profile-lib.sh"
MODE=overhead
if [ "${1:-}" = fixits ]; then MODE=fixits; shift; fi
REQUESTS="${1:-10000}"
ROUNDS="${2:-5}"
PORT="${PORT:-16379}"
require_plugin
need_tool make make
mkdir -p "$out"
fetch_debian_source redis

# Redis's allocator wrappers (zmalloc.c), so that samples go past them.
args=""
for a in zmalloc zcalloc zcalloc_num zrealloc ztrymalloc ztrycalloc \
         ztryrealloc zmalloc_usable zcalloc_usable zrealloc_usable \
         ztrymalloc_usable ztrycalloc_usable ztryrealloc_usable zstrdup; do
  args+=" alloc=$a:zfree"
done
# rebuild: make the Redis tree in the current directory (MALLOC=libc: the
# interposed malloc, not the bundled jemalloc); the same flags every time,
# or Redis's Makefile starts over.
rebuild() {
  nice -n 10 make -j2 MALLOC=libc BUILD_TLS=no USE_SYSTEMD=no \
    CC="$here/profile-cc.sh" OPTIMIZATION=-O2 \
    REDIS_CFLAGS="-gdwarf-4 -fno-optimize-sibling-calls" \
    CFLAGS="-gdwarf-4 -fno-optimize-sibling-calls"
}
if [ ! -x "$SRC/src/redis-server" ] || [ "$SRC/src/redis-server" -ot "$PLUGIN" ]; then
  echo "$bench_self: building $(basename "$SRC") with cescape cc (-j2, a few minutes)..." >&2
  rm -f "$out/redis.db" "$out/cc.log"
  make -C "$SRC" distclean >/dev/null 2>&1 || true
  (cd "$SRC" && CESCAPE_ARGS="db=$out/redis.db root=$SRC$args" \
     PROFILE_CC_LOG="$out/cc.log" rebuild) >"$out/build.log" 2>&1 || {
    echo "$bench_self: the build failed, see $out/build.log" >&2
    exit 1
  }
  resolve_db "$out/redis.db"
fi

cli() { "$SRC/src/redis-cli" -p "$PORT" "$@"; }
if cli ping >/dev/null 2>&1; then
  echo "$bench_self: something already answers on port $PORT (set PORT)" >&2
  exit 2
fi
TESTS=set,get,incr,lpush,lpop,sadd,hset
[ "$MODE" = fixits ] && TESTS+=,zadd
TREE="$SRC"
# workload PREFIX...: start the server of $TREE as PREFIX... redis-server,
# run the benchmark against it, shut it down and wait for PREFIX to end.
workload() {
  local pid try
  mkdir -p "$out/run"
  "$@" "$TREE/src/redis-server" --port "$PORT" --bind 127.0.0.1 --save '' \
    --appendonly no --hz 1 --dir "$out/run" --logfile "$out/run/server.log" &
  pid=$!
  for ((try = 0; try < 600; try++)); do
    cli ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  "$SRC/src/redis-benchmark" -p "$PORT" -q -n "$REQUESTS" -c 10 -r 10000 \
    -t "$TESTS" >>"$out/run/benchmark.txt"
  cli shutdown nosave >/dev/null 2>&1 || true
  wait "$pid"
}
if [ "$MODE" = fixits ]; then
  echo "== the top fix-its applied to $(basename "$SRC"): redis-server under redis-benchmark, $REQUESTS requests x ${TESTS//,/ } (plugin $(plugin_stamp))"
  compare_fixits "$out/redis.db" "$SRC" "$ROUNDS"
  exit 0
fi
measure_overhead "$ROUNDS"
workload "$CESCAPE" profile --rate 1 --db "$out/redis.db" -o "$out/every.pb.gz" -- \
  2>"$out/join.err"
heaptrack_print "$out/raw/heaptrack".* >"$out/heaptrack.txt" 2>/dev/null || true

echo "== cescape profile on $(basename "$SRC"): redis-server under redis-benchmark, $REQUESTS requests x 7 tests (plugin $(plugin_stamp); CPU time: median of $ROUNDS rounds)"
print_overhead
print_top_findings "$out/redis.db" "$out/every.pb.gz"
