#!/usr/bin/env bash
# cescape on real projects from Debian source packages (issue 6, "It must
# show", bullet 2): fetch each with apt-get source, configure it with plain
# clang-19, build it with `cescape cc` recording every finding into a
# database, and print per project: allocation sites seen, escaping by
# reason, heap-to-stack, small-buffer, dangling.
#
# Usage: bench/projects.sh [--time] [NAME...]
#   NAME     git tmux redis memcached curl (default: all five)
#   --time   also rebuild NAME from clean without the plugin and print the
#            build-time ratio (wall and user+sys CPU, same -j) plugin/base
# Environment:
#   JOBS     make -j (default 2)
#   CESCAPE  the cescape binary (default <repo>/build/cescape; the plugin is
#            the cescape.so beside it)
# Needs a deb-src line in /etc/apt/sources.list.d/ (apt-get source) and the
# build dependencies (installed here with apt-get when missing); how each
# project is fetched, configured and built is in bench/lib.sh.
# Outputs: bench/out/projects/NAME/{src,cescape.db,build.log,counts.txt}
# The project's .cescape (allocator pairs the plugin cannot find on its
# own) is bench/projects/NAME.cescape, copied into the source root.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
export JOBS="${JOBS:-2}"
CESCAPE="${CESCAPE:-$repo/build/cescape}"
TIME=0
names=()
for a in "$@"; do
  case "$a" in
    --time) TIME=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    git|tmux|redis|memcached|curl) names+=("$a") ;;
    *) echo "projects: unknown argument '$a' (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#names[@]} -gt 0 ] || names=(tmux memcached redis curl git)

need_tool "$CLANG" clang-19
need_tool sqlite3 sqlite3
need_tool dpkg-source dpkg-dev
[ -x "$CESCAPE" ] || { echo "projects: $CESCAPE missing (build first)" >&2; exit 2; }
[ -x /usr/bin/time ] || apt-get install -y -q time >&2

out="$here/out/projects"
mkdir -p "$out" "$here/out/src"

clean_it() {
  case "$1" in
    git) make -C "$2" $GIT_FLAGS clean ;;
    redis) make -C "$2" distclean ;;
    *) make -C "$2" clean ;;
  esac
}

# timed LOG CMD...: run CMD, output to LOG; set T_WALL, T_CPU (seconds).
timed() {
  local log="$1"; shift
  local t0 t1 rc=0
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$log.time" bash -c '"$@"' timed "$@" >"$log" 2>&1 || rc=$?
  t1=$(date +%s%N)
  [ $rc -eq 0 ] || return $rc
  T_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", (b-a)/1e9}')
  T_CPU=$(awk '{printf "%.1f", $1+$2}' "$log.time" | tail -1)
}

# counts NAME DB FILTER: the table (distinct sites by path:line:col).
counts() {
  local n="$1" db="$2" where="$3"
  sqlite3 -separator ' ' "$db" "
    CREATE TEMP VIEW s AS SELECT DISTINCT rule, reason, path, line, col FROM findings WHERE $where;
    SELECT 'units', (SELECT count(*) FROM units);
    SELECT 'allocation-sites', count(*) FROM s WHERE rule IN ('escape', 'heap-to-stack', 'small-buffer');
    SELECT 'escape', count(*) FROM s WHERE rule = 'escape';
    SELECT '  escape:' || coalesce(reason, '?'), count(*) FROM s WHERE rule = 'escape' GROUP BY reason ORDER BY count(*) DESC;
    SELECT 'heap-to-stack', count(*) FROM s WHERE rule = 'heap-to-stack';
    SELECT 'small-buffer', count(*) FROM s WHERE rule = 'small-buffer';
    SELECT 'dangling', count(*) FROM s WHERE rule = 'dangling';
    SELECT 'suppressed', count(*) FROM findings WHERE suppressed AND $where;"
}

plugin_line="plugin $(PLUGIN="$(dirname "$CESCAPE")/cescape.so" plugin_stamp)"
for n in "${names[@]}"; do
  echo "== $n" >&2
  d="$out/$n/src"
  fetch_deb "$n" "$d"
  db="$out/$n/cescape.db"
  if [ -f "$here/projects/$n.cescape" ]; then cp "$here/projects/$n.cescape" "$d/.cescape"; fi
  if [ ! -f "$out/$n/configured" ]; then configure "$n" "$d"; touch "$out/$n/configured"; fi
  rm -f "$db"
  clean_it "$n" "$d" >/dev/null 2>&1 || true
  CESCAPE_ARGS="db=$db root=$d" timed "$out/$n/build.log" make_it "$n" "$d" "$CESCAPE cc $CLANG" ||
    { echo "projects: $n build failed; see $out/$n/build.log" >&2; tail -20 "$out/$n/build.log" >&2; continue; }
  pw=$T_WALL pc=$T_CPU
  # Calls between units: analyse again the units compiled before the
  # summaries they use existed (cescape resolve), timed apart.
  timed "$out/$n/resolve.log" "$CESCAPE" resolve --db "$db" -j "$JOBS" ||
    echo "projects: $n: resolve failed; see $out/$n/resolve.log" >&2
  rw=$T_WALL
  where="1"
  [ "$n" = redis ] && where="path NOT LIKE 'deps/%' AND path NOT LIKE '%/deps/%'"   # Redis's own code, not its vendored deps
  {
    echo "# $n ($(basename "$(ls "$here/out/src/${n}"_*.dsc | head -1)" .dsc)), $plugin_line"
    echo "# distinct sites (path:line:col) in ${where/1/all files}"
    counts "$n" "$db" "$where"
    echo "build-with-plugin wall_s $pw cpu_s $pc (-j$JOBS)"
    echo "resolve wall_s $rw: $(tail -1 "$out/$n/resolve.log")"
    if [ "$TIME" = 1 ]; then
      clean_it "$n" "$d" >/dev/null 2>&1 || true
      timed "$out/$n/build-base.log" make_it "$n" "$d" "$CLANG"
      echo "build-without-plugin wall_s $T_WALL cpu_s $T_CPU (-j$JOBS)"
      awk -v a="$pw" -v b="$T_WALL" -v c="$pc" -v e="$T_CPU" \
        'BEGIN{printf "ratio plugin/base wall %.3f cpu %.3f\n", a/b, c/e}'
    fi
  } | tee "$out/$n/counts.txt"
done
