#!/usr/bin/env bash
# Issue 6, "It must show", bullet 3: apply every heap-to-stack fix-it of the
# cescape plugin to a real project, rebuild it with AddressSanitizer, run its
# own test suite (detect_stack_use_after_return=1) and compare with the same
# suite on the unmodified ASan build.
#
# Usage: bench/projects-asan.sh [--tests-only] NAME...
#   (memcached, redis, git, tmux, curl)
#   --tests-only  reuse the orig/ and fixed/ builds of an earlier run
# Environment: JOBS (make -j, default 2), CESCAPE (default <repo>/build/cescape)
#   REDIS_TESTS  Redis test units (default: incr string hash set keyspace
#                info-command protocol; the whole suite takes too long here)
#   GIT_TESTS    git test scripts, a glob under t/ (default t[0-3]*.sh)
#   CURL_TESTS   curl test selection for tests/runtests.pl, e.g. "1 to 600"
#                (default: empty, the whole suite, about 6 minutes here;
#                the Alt-Svc tests are 355-359, 412-413, 1654, 1908)
# Steps, per project, under bench/out/asan/NAME/:
#   orig/   the Debian source (patches applied), built with ASan under `bear`
#           (compile_commands.json)
#   fixed/  a copy of the same source taken before that build: every unit
#           of orig's compile_commands.json is compiled once more with the
#           plugin, -fsyntax-only -w -Xclang -fixit (heap-to-stack and
#           small-buffer fix-its only), in fixed/ (the
#           project's .cescape from bench/projects/ in its root), reading
#           the summaries of the functions of other units from cescape.db
#           (`cescape check` of orig/), then it is built with ASan the same
#           way
#   fixits.diff  what the fix-its changed; tests-{orig,fixed}.log the suites
# Prints the pass/fail counts of both runs and the tests whose result
# differs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
JOBS="${JOBS:-2}"
CESCAPE="${CESCAPE:-$repo/build/cescape}"
PLUGIN="$(dirname "$CESCAPE")/cescape.so"
# private copies, side by side (the driver loads the plugin beside it):
# build/ may be rebuilt while the builds run
mkdir -p "$here/out/asan"
snapshot_plugin "$here/out/asan/cescape.so"
cp -p "$CESCAPE" "$here/out/asan/cescape"
CESCAPE="$here/out/asan/cescape"
echo "projects-asan: plugin $(plugin_stamp)" >&2
export ASAN_OPTIONS="detect_stack_use_after_return=1:detect_leaks=0"
ASAN_CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=address"
need_tool bear bear
need_tool "$CLANG" clang-19
need_tool jq jq
TESTS_ONLY=0
if [ "${1:-}" = --tests-only ]; then TESTS_ONLY=1; shift; fi
[ $# -gt 0 ] || { echo "usage: bench/projects-asan.sh [--tests-only] NAME..." >&2; exit 2; }

dsc_of() { ls "$here/out/src/${1}"_*.dsc 2>/dev/null | head -1; }

unpack() {  # NAME DIR
  local dsc
  dsc="$(dsc_of "$1")"
  if [ -z "$dsc" ]; then
    mkdir -p "$here/out/src"
    (cd "$here/out/src" && apt-get source --download-only "$1" >/dev/null)
    dsc="$(dsc_of "$1")"
  fi
  rm -rf "$2"
  dpkg-source --no-check -x "$dsc" "$2" >/dev/null
}

configure() {  # NAME DIR
  case "$1" in
    memcached) (cd "$2" && ./configure CC="$CLANG" CFLAGS="$ASAN_CFLAGS" LDFLAGS=-fsanitize=address >/dev/null) ;;
    tmux) (cd "$2" && ./configure CC="$CLANG" --disable-utf8proc CFLAGS="$ASAN_CFLAGS" LDFLAGS=-fsanitize=address >/dev/null) ;;
    # The options of bench/projects.sh, plus --enable-debug for the tests
    # that need the "debug" feature: the unit tests (1654 loads an Alt-Svc
    # file through altsvc_load) and most Alt-Svc tests. --disable-curldebug
    # keeps memdebug (CURLDEBUG) off, so malloc stays lib/curl_memory.h's
    # Curl_cmalloc hook as in a release build; without it, Alt-Svc over
    # plain HTTP (getenv("CURL_ALTSVC_HTTP") under #ifdef CURLDEBUG) is
    # refused, so 356 412 413 1908 fail. --disable-warnings: no picky -W.
    curl) (cd "$2" && ./configure CC="$CLANG" CFLAGS="$ASAN_CFLAGS" LDFLAGS=-fsanitize=address \
            --without-ssl --without-libpsl --without-brotli --without-zstd --without-nghttp2 \
            --without-libidn2 --without-librtmp --disable-ldap --disable-shared \
            --enable-debug --disable-curldebug --disable-warnings >/dev/null) ;;
    *) : ;;
  esac
}

build() {  # NAME DIR [bear]
  local b=()
  [ "${3:-}" = bear ] && b=(bear --output "$2/compile_commands.json" --)
  case "$1" in
    memcached) "${b[@]}" make -C "$2" -j"$JOBS" memcached memcached-debug timedrun ;;
    tmux) "${b[@]}" make -C "$2" -j"$JOBS" ;;
    redis) "${b[@]}" make -C "$2" -j"$JOBS" CC="$CLANG" SANITIZER=address OPTIMIZATION=-O1 BUILD_TLS=no USE_SYSTEMD=no ;;
    # shellcheck disable=SC2086
    git) "${b[@]}" make -C "$2" -j"$JOBS" CC="$CLANG" $GIT_FLAGS CFLAGS="$ASAN_CFLAGS" LDFLAGS=-fsanitize=address all ;;
    # lib/ and src/, then tests/ (test servers, libtest programs, unit
    # tests): all recorded by bear, so the fix-its reach them too
    curl)
      # shellcheck disable=SC2016
      "${b[@]}" sh -c 'make -C "$1" -j"$2" && make -C "$1/tests" -j"$2"' sh "$2" "$JOBS" ;;
  esac
}

# run_tests NAME DIR LOG: the project's suite; the log ends with per-test
# lines "ok NAME" / "not ok NAME" (normalised from each harness).
run_tests() {
  local n="$1" d="$2" log="$3"
  case "$n" in
    memcached)
      # The whole suite of make test: each t/*.t (memcached-debug) on its own.
      (cd "$d" && for t in t/*.t; do
         if timeout 900 perl "$t" >"/tmp/mct.$$" 2>&1; then echo "ok $t"; else echo "not ok $t"; fi
         sed "s|^|$t: |" "/tmp/mct.$$" >>"$log.raw"
       done) >"$log"; rm -f "/tmp/mct.$$" ;;
    redis)
      local units="${REDIS_TESTS:-unit/type/incr unit/type/string unit/type/hash unit/type/set unit/keyspace unit/info-command unit/protocol}"
      local args=()
      for u in $units; do args+=(--single "$u"); done
      (cd "$d" && ./runtest --clients 2 --timeout 1200 "${args[@]}" >"$log.raw" 2>&1 || true)
      sed -E 's/\x1b\[[0-9;]*m//g' "$log.raw" | sed -nE 's/^\[ok\]: (.*) \([0-9]+ ms\)$/ok \1/p; s/^\[(err|exception)\]: (.*)$/not ok \2/p' >"$log" ;;
    git)
      local tests="${GIT_TESTS:-t[0-3]*.sh}"
      (cd "$d/t" && for t in $tests; do
         if timeout 900 sh "$t" --no-color >"/tmp/gitt.$$" 2>&1; then echo "ok $t"; else echo "not ok $t"; fi
         grep -E '^(ok|not ok) [0-9]+ ' "/tmp/gitt.$$" | sed "s|^|$t: |" >>"$log.raw"
       done) >"$log"; rm -f "/tmp/gitt.$$" ;;
    curl)
      # -a: go on after a failure, -n: no valgrind, -p: print the logs of a
      # failing test. ASan writes its reports to asan-logs/ (any process:
      # curl, libtest programs, test servers), appended to $log.raw; curl
      # itself then exits with 1, failing the test. The harness needs USER
      # (without it, it exits silently at the first SSH test).
      local tests="${CURL_TESTS:-}" rc=0 f p
      rm -rf "$d/tests/asan-logs"; mkdir -p "$d/tests/asan-logs"
      # shellcheck disable=SC2086
      (cd "$d/tests" && USER="${USER:-$(id -un)}" \
         ASAN_OPTIONS="$ASAN_OPTIONS:log_path=$d/tests/asan-logs/asan" \
         timeout 3600 perl runtests.pl -a -n -p $tests >"$log.raw" 2>&1) || rc=$?
      # the servers of a harness that ended early (only those running in
      # this tests/ directory)
      for f in "$d"/tests/.*.pid; do
        [ -f "$f" ] || continue
        p="$(cat "$f")"
        case "$p" in ''|*[!0-9]*) continue ;; esac
        if [ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$d/tests" ]; then kill "$p" 2>/dev/null || true; fi
      done
      for f in "$d"/tests/asan-logs/asan.*; do
        if [ -e "$f" ]; then sed "s|^|$(basename "$f"): |" "$f" >>"$log.raw"; fi
      done
      # "test 0355...[name]" starts a test (the name may follow on the next
      # line, after a "Killed" of the shell), " OK (" ends a passed one, the
      # TESTFAIL line lists the failed ones. Skipped tests print no "test
      # NNNN..." line, or one followed by the reason the harness does not
      # run them after all (a missing unit/libtest program: 1301, 1656),
      # like its own counts. A harness that stops before its TESTDONE
      # summary is a failure too.
      awk -v rc="$rc" '
           /^test [0-9]+\.\.\./ { n = $2; sub(/\.\.\..*/, "", n); n += 0
             order[++k] = n; cur = n; want = 0
             rest = $0; sub(/^test [0-9]+\.\.\./, "", rest)
             if (rest ~ /^\[.*\]$/) names[n] = substr(rest, 2, length(rest) - 2); else want = 1
             next }
           want && /^\[.*\]$/ { names[cur] = substr($0, 2, length($0) - 2); want = 0; next }
           /^The tool set in the test case for this: .* does not exist$|^This test cannot run event based$|^ERROR: section client=>file has no name attribute$/ {
             notrun[cur] = 1 }
           / OK \([0-9]+ +out of [0-9]+/ { ok[cur] = 1 }
           /^TESTFAIL: These test cases failed:/ { for (i = 6; i <= NF; i++) failed[$i] = 1 }
           /^TESTDONE: .* reported OK|^TESTFAIL: No tests were performed/ { done = 1 }
           END { for (i = 1; i <= k; i++) { n = order[i]; if (n in notrun) continue
                   printf "%s %d %s\n", (ok[n] && !(n in failed)) ? "ok" : "not ok", n, names[n] }
                 if (!done) printf "not ok runtests.pl ended before its summary (exit %s)\n", rc }' \
        "$log.raw" >"$log" ;;
  esac
}

for n in "$@"; do
  w="$here/out/asan/$n"
  mkdir -p "$w"
  if [ "$TESTS_ONLY" = 0 ]; then
  echo "== $n: unpack, configure (ASan)" >&2
  unpack "$n" "$w/orig"
  [ -f "$here/projects/$n.cescape" ] && cp "$here/projects/$n.cescape" "$w/orig/.cescape"
  configure "$n" "$w/orig"
  rm -rf "$w/fixed"; cp -a "$w/orig" "$w/fixed"
  echo "== $n: build orig with ASan under bear" >&2
  build "$n" "$w/orig" bear >"$w/build-orig.log" 2>&1 || { tail -20 "$w/build-orig.log" >&2; exit 1; }

  echo "== $n: apply heap-to-stack and small-buffer fix-its in fixed/" >&2
  # Each unit compiled by the build, in its directory under fixed/, with
  # the plugin and -fixit instead of -c/-o; fixits= keeps the allocation
  # rules' fix-its only (no struct layout changes), -w drops warnings'.
  # (bear also records the -cc1 -Eonly runs some builds make: not units)
  jq -r '.[] | select(.arguments[1] != "-cc1") | @json' "$w/orig/compile_commands.json" >"$w/units.jsonl"
  # Calls between files: cescape check analyses orig/ (every unit, then
  # again until no summary changes) into a database, its paths relative to
  # orig/; each fix-it run below reads from it the summaries of the
  # functions its unit calls (and replaces its own unit's rows), its paths
  # relative to fixed/, so the names match.
  rm -f "$w/cescape.db"
  CESCAPE_ARGS="root=$w/orig" "$CESCAPE" check -p "$w/orig" -j "$JOBS" --db "$w/cescape.db" >"$w/check.log" 2>&1 ||
    echo "cescape check: exit $? (see $w/check.log)" >&2
  : >"$w/fixit.log"
  touch "$w/stamp"; sleep 1
  while IFS= read -r u; do
    dir="$(jq -r .directory <<<"$u")"; file="$(jq -r .file <<<"$u")"
    case "$file" in *.c) ;; *) continue ;; esac
    mapfile -t argv < <(jq -r '.arguments[]' <<<"$u")
    args=()
    skip=0
    for a in "${argv[@]:1}"; do
      if [ $skip = 1 ]; then skip=0; continue; fi
      case "$a" in
        -c) ;;
        -o) skip=1 ;;
        -MF|-MT|-MQ) skip=1 ;;
        -MD|-MMD|-MP) ;;
        -fsanitize=*) ;;
        *) args+=("${a//$w\/orig/$w/fixed}") ;;
      esac
    done
    fdir="${dir/$w\/orig/$w/fixed}"
    (cd "$fdir" && "$CLANG" -fsyntax-only -w -fplugin="$PLUGIN" -fplugin-arg-cescape-db="$w/cescape.db" \
       -fplugin-arg-cescape-root="$w/fixed" -fplugin-arg-cescape-fixits=heap-to-stack,small-buffer \
       -Xclang -fixit "${args[@]}") >>"$w/fixit.log" 2>&1 ||
      echo "fixit: failed in $fdir: ${args[*]}" >>"$w/fixit.log"
  done <"$w/units.jsonl"
  # the files the fix-its rewrote (newer than the stamp), against orig/
  : >"$w/fixits.diff"
  (cd "$w/fixed" && find . -type f -newer "$w/stamp" -name '*.[ch]' | sort) |
    while IFS= read -r f; do (cd "$w" && diff -u "orig/${f#./}" "fixed/${f#./}" >>fixits.diff || true); done
  echo "fix-its applied: $(grep -c 'FIX-IT applied' "$w/fixit.log" || true) FIX-IT notes; $(grep -c '^+++ ' "$w/fixits.diff" || true) files changed; remarks seen: heap-to-stack $(grep -c 'cescape:heap-to-stack' "$w/fixit.log" || true), small-buffer $(grep -c 'cescape:small-buffer' "$w/fixit.log" || true)"

  echo "== $n: build fixed with ASan" >&2
  build "$n" "$w/fixed" >"$w/build-fixed.log" 2>&1 || { tail -20 "$w/build-fixed.log" >&2; exit 1; }
  fi

  for v in orig fixed; do
    echo "== $n: tests on $v" >&2
    t0=$(date +%s)
    run_tests "$n" "$w/$v" "$w/tests-$v.log"
    echo "$n $v: $(grep -c '^ok ' "$w/tests-$v.log") passed, $(grep -c '^not ok ' "$w/tests-$v.log") failed ($(( $(date +%s) - t0 )) s)"
  done
  echo "$n: tests whose result differs (orig vs fixed):"
  diff <(sort "$w/tests-orig.log") <(sort "$w/tests-fixed.log") || true
  echo "$n: ASan reports: orig $(grep -l 'ERROR: AddressSanitizer' -r "$w/orig" --include='*.log' 2>/dev/null | wc -l), fixed $(grep -l 'ERROR: AddressSanitizer' -r "$w/fixed" --include='*.log' 2>/dev/null | wc -l) log files; in test output: orig $(cat "$w/tests-orig.log.raw" 2>/dev/null | grep -c 'ERROR: AddressSanitizer' || true), fixed $(cat "$w/tests-fixed.log.raw" 2>/dev/null | grep -c 'ERROR: AddressSanitizer' || true)"
done
