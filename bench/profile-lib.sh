# Shared part of the bench/profile-*.sh scripts; sourced after lib.sh, not
# run on its own. A script defines
#
#   workload PREFIX...   run the workload once, its profiled program
#                        started as "PREFIX... PROGRAM ARGS" (a server is
#                        started that way and stopped by the function)
#
# and calls measure_overhead and print_overhead. The program's cost is
# counted two ways:
#   - instructions (valgrind's callgrind, event Ir, every process the
#     command starts, summed): deterministic, the figure to quote; this VM
#     has no hardware counters (perf stat says <not supported>);
#   - CPU time (user + sys of the program and its children), the median of
#     ROUNDS runs, variants interleaved: what heaptrack costs too, since
#     heaptrack records nothing under valgrind.
# Variants: the program alone; with the profiler preloaded exactly as
# "cescape profile" starts it (LD_PRELOAD and its environment) at the
# default rate and at rate 1; the whole "cescape profile" command, which
# adds reading and symbolising the samples; heaptrack (whole command).
# PROFILE_BASELINE=COMMIT adds the profiler library of that commit (its
# profile/preload*.c built as CMake builds it, into $out/baseline) preloaded
# at the default rate and at rate 1: before and after from one run.
# shellcheck shell=bash disable=SC2034,SC2154  # out, bench_self come from, PROFILE_CFLAGS goes to, the caller

CESCAPE="${CESCAPE:-$repo/build/cescape}"
PRELOAD="$(dirname "$CESCAPE")/libcescape-profile.so"
need_tool valgrind valgrind
need_tool heaptrack heaptrack
for f in "$CESCAPE" "$PRELOAD"; do
  [ -f "$f" ] || { echo "$bench_self: $f not built" >&2; exit 2; }
done

# How the profiled programs are built: -g as DWARF 4 (valgrind 3.19 cannot
# read clang 19's DWARF 5) and no sibling calls (a tail call leaves no
# frame, and SQLite's sqlite3DbMallocRawNN tail-calls its slow path, which
# would hide its caller).
PROFILE_CFLAGS="-O2 -gdwarf-4 -fno-optimize-sibling-calls"

VARIANTS=(plain preload preload1 profile profile1 heaptrack)
declare -A VARIANT_TEXT=(
  [plain]="the program alone"
  [preload]="profiler preloaded, default rate (512 KiB)"
  [preload1]="profiler preloaded, --rate 1"
  [base]="${PROFILE_BASELINE:-} profiler preloaded, default rate"
  [base1]="${PROFILE_BASELINE:-} profiler preloaded, --rate 1"
  [profile]="cescape profile, default rate, with symbolisation"
  [profile1]="cescape profile --rate 1, with symbolisation"
  [heaptrack]="heaptrack (records every call; whole command)")
declare -A INSTR CPU_MS
if [ -n "${PROFILE_BASELINE:-}" ]; then
  BASE_PRELOAD="$out/baseline/libcescape-profile.so"
  mkdir -p "$out/baseline"
  # preload*.c: one file before the split into preload.c and preload_write.c.
  git -C "$repo" archive "$PROFILE_BASELINE" profile | tar -x -C "$out/baseline"
  cc -std=gnu11 -O3 -DNDEBUG -fPIC -fvisibility=hidden -shared \
    "$out/baseline"/profile/preload*.c -o "$BASE_PRELOAD" -ldl -lm -lpthread
  VARIANTS=(plain base preload base1 preload1 profile profile1 heaptrack)
fi

# variant_prefix NAME: the command prefix that runs the program as NAME.
variant_prefix() {
  local raw="$out/raw/$1"
  case "$1" in
    plain) VPREFIX=() ;;
    preload) VPREFIX=(env LD_PRELOAD="$PRELOAD" CESCAPE_PROFILE_OUT="$raw") ;;
    preload1) VPREFIX=(env LD_PRELOAD="$PRELOAD" CESCAPE_PROFILE_OUT="$raw"
                       CESCAPE_PROFILE_RATE=1) ;;
    base) VPREFIX=(env LD_PRELOAD="$BASE_PRELOAD" CESCAPE_PROFILE_OUT="$raw") ;;
    base1) VPREFIX=(env LD_PRELOAD="$BASE_PRELOAD" CESCAPE_PROFILE_OUT="$raw"
                    CESCAPE_PROFILE_RATE=1) ;;
    profile) VPREFIX=("$CESCAPE" profile -o "$raw.pb.gz" --) ;;
    profile1) VPREFIX=("$CESCAPE" profile --rate 1 -o "$raw.pb.gz" --) ;;
    heaptrack) VPREFIX=(heaptrack -o "$raw") ;;
  esac
}

# sum_callgrind FILE...: the instructions (Ir totals) of callgrind files.
sum_callgrind() {
  cat "$@" | sed -n 's/^totals: *//p' | awk '{ s += $1 } END { printf "%.0f", s }'
}

# median_ms FILE: the median of FILE's CPU seconds (one a line), in ms.
median_ms() {
  sort -n "$1" | awk '{ a[NR] = $1 } END { printf "%.0f", 1000 * a[int((NR + 1) / 2)] }'
}

# cpu_into FILE CMD...: run CMD, append its user+sys CPU seconds to FILE.
cpu_into() {
  local file="$1" TIMEFORMAT='%3U %3S'
  shift
  { time "$@" 2>>"$out/cpu.err"; } 2>>"$file.times"
  tail -1 "$file.times" | awk '{ print $1 + $2 }' >>"$file"
}

# measure_overhead ROUNDS: fill INSTR[variant] (one callgrind run each, not
# heaptrack) and CPU_MS[variant] (median of ROUNDS interleaved runs, the
# order reversed every other round).
measure_overhead() {
  local rounds="$1" v r dir order
  rm -rf "$out/raw" "$out/callgrind" "$out/cpu" "$out/cpu.err"
  mkdir -p "$out/raw" "$out/callgrind" "$out/cpu"
  for v in "${VARIANTS[@]}"; do
    [ "$v" = heaptrack ] && continue
    echo "$bench_self: callgrind, $v" >&2
    dir="$out/callgrind/$v"
    mkdir -p "$dir"
    variant_prefix "$v"
    workload valgrind --tool=callgrind --trace-children=yes \
      --callgrind-out-file="$dir/callgrind.%p" "${VPREFIX[@]}" \
      2>"$dir/stderr"
    INSTR[$v]=$(sum_callgrind "$dir"/callgrind.*)
  done
  for ((r = 1; r <= rounds; r++)); do
    echo "$bench_self: CPU time, round $r/$rounds" >&2
    order=("${VARIANTS[@]}")
    if ((r % 2 == 0)); then
      order=(); for v in "${VARIANTS[@]}"; do order=("$v" "${order[@]}"); done
    fi
    for v in "${order[@]}"; do
      variant_prefix "$v"
      workload cpu_into "$out/cpu/$v" "${VPREFIX[@]}"
    done
  done
  for v in "${VARIANTS[@]}"; do
    CPU_MS[$v]=$(median_ms "$out/cpu/$v")
  done
}

# print_overhead: the table of both measures as ratios to the plain run.
print_overhead() {
  local v
  printf '%-52s %16s %7s %9s %7s\n' "variant" "instructions" "ratio" "CPU ms" "ratio"
  for v in "${VARIANTS[@]}"; do
    awk -v t="${VARIANT_TEXT[$v]}" -v i="${INSTR[$v]:-}" -v i0="${INSTR[plain]}" \
        -v c="${CPU_MS[$v]}" -v c0="${CPU_MS[plain]}" 'BEGIN {
      if (i == "") printf "%-52s %16s %7s", t, "-", "-";
      else printf "%-52s %16.0f %7.3f", t, i, i / i0;
      printf " %9.0f %7.3f\n", c, c / c0 }'
  done
}

# print_top_findings DB PROFILE: what the --rate 1 profile PROFILE, joined
# to DB, says: allocations counted beside heaptrack's count
# ($out/heaptrack.txt), the findings with the most allocations, heaptrack's
# sites with the most calls, and cescape top. Whole outputs are read (no
# "| head" that would stop a writer with SIGPIPE under pipefail).
print_top_findings() {
  local db="$1" profile="$2"
  echo "-- allocations counted, cescape --rate 1 vs heaptrack:"
  echo "   cescape: $("$CESCAPE" top --sample alloc_objects "$profile" | sed -n 2p)"
  echo "   heaptrack: $(grep -m1 '^calls to allocation functions:' "$out/heaptrack.txt" || echo '?')"
  cat "$out/join.err"
  echo "-- top findings by alloc_objects (cescape list --sort alloc_objects):"
  "$CESCAPE" list --db "$db" --sort alloc_objects | awk 'NR <= 10'
  echo "-- heaptrack's most calls to allocation functions (a stack, innermost first):"
  sed -n '/MOST CALLS TO ALLOCATION FUNCTIONS/,/^$/p' "$out/heaptrack.txt" |
    awk '/^[0-9]+ calls with/ { if (n++ >= 5) exit; if (line) print line
                                line = "   " $1 " calls:"; frames = 0; next }
         n && /^    [^ ]/ { name = $1 }
         n && /^      at / { if (frames++ < 6) { sub(".*/", "", $2); line = line " " name " " $2 } }
         END { if (line && n <= 5) print line }'
  echo "-- cescape top (functions, alloc_objects, --rate 1):"
  "$CESCAPE" top --sample alloc_objects --nodecount 8 "$profile" | tail -n +3
}

# compare_fixits DB TREE ROUNDS: the top fix-its applied, before and after.
# The workload on TREE under "cescape profile --rate 1 --db DB" counts every
# allocation per site; the fix-its of the findings with the most of them
# (at most FIXITS_TOP, default 5, of those that allocated at all) are
# applied by "cescape fix" to a copy of TREE ($out/fixed), which the
# caller's rebuild function builds (run in the copy). Both trees are then
# measured (the caller's workload runs $TREE's program): allocations (every
# one counted, --rate 1), instructions (callgrind, one run each) and CPU
# time (the median of ROUNDS interleaved runs), the fixed tree as a ratio
# of the original. Outputs in $out/fixits.
compare_fixits() {
  local db="$1" tree="$2" rounds="$3" dir="$out/fixits" ids t r order
  local -A tree_of=([original]="$tree" [fixed]="$out/fixed") allocs instr cpu
  rm -rf "$dir" && mkdir -p "$dir/cpu"
  cp "$db" "$dir/profile.db" && db="$dir/profile.db" # DB's profile stays
  TREE="$tree"
  workload "$CESCAPE" profile --rate 1 --db "$db" -o "$dir/original.pb.gz" -- \
    2>"$dir/join.err"
  ids=$(sqlite3 "$db" "SELECT f.id FROM findings f JOIN profile_sites p
      USING (path, line, col) WHERE NOT f.suppressed AND p.alloc_objects > 0
      AND f.id IN (SELECT finding_id FROM fixits)
      ORDER BY p.alloc_objects DESC LIMIT ${FIXITS_TOP:-5}" | paste -sd ' ')
  echo "-- findings with a fix-it, by allocations (--rate 1):"
  if [ -z "$ids" ]; then
    echo "   none: no finding that allocated in this workload has a fix-it"
    return 0
  fi
  sqlite3 -separator ' ' "$db" "SELECT '  ', p.alloc_objects, 'allocations',
      f.path || ':' || f.line || ':' || f.col, f.message, '[' || f.rule || ']'
      FROM findings f JOIN profile_sites p USING (path, line, col)
      WHERE f.id IN (${ids// /,}) ORDER BY p.alloc_objects DESC"
  rm -rf "$out/fixed" && cp -a "$tree" "$out/fixed"
  # shellcheck disable=SC2086  # ids: one word each
  "$CESCAPE" fix --db "$db" --root "$out/fixed" $ids >"$dir/fix.log" 2>&1 &&
    (cd "$out/fixed" && rebuild) >"$dir/build.log" 2>&1 || {
    echo "$bench_self: applying or building the fix-its failed, see $dir" >&2
    exit 1
  }
  TREE="$out/fixed"
  workload "$CESCAPE" profile --rate 1 -o "$dir/fixed.pb.gz" -- 2>>"$dir/join.err"
  for t in original fixed; do
    echo "$bench_self: callgrind, $t" >&2
    allocs[$t]=$("$CESCAPE" top --sample alloc_objects "$dir/$t.pb.gz" |
      sed -n 's/^Showing nodes accounting for \([0-9]*\),.*/\1/p')
    TREE="${tree_of[$t]}"
    mkdir -p "$dir/callgrind/$t"
    workload valgrind --tool=callgrind --trace-children=yes \
      --callgrind-out-file="$dir/callgrind/$t/callgrind.%p" 2>"$dir/callgrind/$t.err"
    instr[$t]=$(sum_callgrind "$dir/callgrind/$t"/callgrind.*)
  done
  for ((r = 1; r <= rounds; r++)); do
    echo "$bench_self: CPU time, round $r/$rounds" >&2
    order=(original fixed)
    ((r % 2 == 0)) && order=(fixed original)
    for t in "${order[@]}"; do
      TREE="${tree_of[$t]}"
      workload cpu_into "$dir/cpu/$t"
    done
  done
  for t in original fixed; do cpu[$t]=$(median_ms "$dir/cpu/$t"); done
  printf '%-9s %12s %7s %16s %7s %9s %7s\n' tree allocations ratio \
    instructions ratio "CPU ms" ratio
  for t in original fixed; do
    awk -v t="$t" -v a="${allocs[$t]}" -v a0="${allocs[original]}" \
        -v i="${instr[$t]}" -v i0="${instr[original]}" \
        -v c="${cpu[$t]}" -v c0="${cpu[original]}" 'BEGIN {
      printf "%-9s %12d %7.4f %16.0f %7.4f %9.0f %7.3f\n",
             t, a, a / a0, i, i / i0, c, c / c0 }'
  done
}

# fetch_debian_source PACKAGE: unpack Debian bookworm's source of PACKAGE
# (apt-get source, patches applied) into $out/src once; set SRC to its
# directory. Adds a deb-src line for bookworm main when apt has none.
fetch_debian_source() {
  local package="$1" sudo=""
  need_tool apt-get apt
  need_tool dpkg-source dpkg-dev
  [ "$(id -u)" = 0 ] || sudo=sudo
  SRC="$(find "$out/src" -mindepth 1 -maxdepth 1 -type d -name "$package-*" -print -quit 2>/dev/null || true)"
  [ -n "$SRC" ] && return 0
  if ! apt-get source --print-uris -qq "$package" >/dev/null 2>&1; then
    echo "$bench_self: adding a deb-src line for bookworm main (/etc/apt/sources.list.d/cescape-deb-src.sources)" >&2
    printf '%s\n' "Types: deb-src" "URIs: http://deb.debian.org/debian" \
      "Suites: bookworm bookworm-updates" "Components: main" \
      "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" |
      $sudo tee /etc/apt/sources.list.d/cescape-deb-src.sources >/dev/null
    $sudo apt-get update -q >"$out/apt-update.log" 2>&1
  fi
  mkdir -p "$out/src"
  (cd "$out/src" && apt-get source -qq "$package" >"$out/fetch.log" 2>&1) || {
    echo "$bench_self: apt-get source $package failed, see $out/fetch.log" >&2
    exit 2
  }
  SRC="$(find "$out/src" -mindepth 1 -maxdepth 1 -type d -name "$package-*" -print -quit)"
}

# resolve_db DB: "cescape resolve" after a build with cescape cc, so that
# calls between units use the final summaries (wrappers another unit
# exports); its output in $out/resolve.log.
resolve_db() {
  echo "$bench_self: cescape resolve --db $1 (-j2)..." >&2
  nice -n 10 "$CESCAPE" resolve --db "$1" -j 2 >"$out/resolve.log" 2>&1 ||
    echo "$bench_self: cescape resolve failed (exit $?), see $out/resolve.log" >&2
}
