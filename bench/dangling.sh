#!/usr/bin/env bash
# `dangling` warnings on real projects, listed for a hand check (issue 12;
# bench/projects/handcheck.md, "dangling, 2026-12-06"). Each project is
# fetched (Debian source, or sqlite3.c from npm), configured and built once
# with plain clang-19 under bear, then analysed with `cescape check -p` over
# that compile_commands.json, by each cescape given.
#
# Usage: bench/dangling.sh [--build-only] [NAME...]
#   --build-only  fetch, configure and build; no analysis
#   NAME  sqlite jansson gawk sed sed-deb jq expat redis git (default: all)
#         sed is built at -O0; sed-deb is sed's tree with the flags Debian
#         builds it with (dpkg-buildflags: -O2, -D_FORTIFY_SOURCE=2); the
#         others with their own defaults.
#         csa (not in the default): Clang Static Analyzer's
#         core.StackAddressEscape beside the plugin, on the dangling tests
#         (bench/dangling_csa.py: out/csa/tests.md) and on sqlite3.c (its
#         findings and the time of each tool, one run each, same -O2:
#         out/csa/sqlite.txt)
# Environment:
#   CESCAPE      the cescape to count with (default <repo>/build/cescape;
#                its plugin is the cescape.so beside it)
#   CESCAPE_OLD  a second cescape whose counts go beside (the "before" of a
#                change: e.g. one built from commit 5a74ce9^, the graph-based
#                check); default none
#   JOBS         make -j and check -j (default 2)
# Needs a deb-src line (apt-get source), bear, npm (sqlite3.c).
# Outputs: bench/out/dangling/NAME/{src,compile_commands.json,
#   VARIANT.check.log, VARIANT.txt, old.db} with VARIANT new or old;
#   VARIANT.txt lists the dangling warnings of the project's own code
#   (Redis without its vendored deps/). Prints one line per project:
#   NAME new N [old N] (N = distinct path:line:col).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
export JOBS="${JOBS:-2}"
CESCAPE="${CESCAPE:-$repo/build/cescape}"
CESCAPE_OLD="${CESCAPE_OLD:-}"
BUILD_ONLY=0
all=(sqlite jansson gawk sed sed-deb jq expat redis git)
names=()
for a in "$@"; do
  case "$a" in
    --build-only) BUILD_ONLY=1 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    sqlite|jansson|gawk|sed|sed-deb|jq|expat|redis|git|csa) names+=("$a") ;;
    *) echo "dangling: unknown argument '$a' (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#names[@]} -gt 0 ] || names=("${all[@]}")

need_tool "$CLANG" clang-19
need_tool sqlite3 sqlite3
need_tool bear bear
need_tool dpkg-source dpkg-dev
for c in "$CESCAPE" $CESCAPE_OLD; do
  [ -x "$c" ] || { echo "dangling: $c missing (build first)" >&2; exit 2; }
done
out="$here/out/dangling"

# prepare NAME DIR: fetch, configure and build NAME once in DIR; write
# out/NAME/compile_commands.json.
prepare() {
  local n="$1" d="$2" pkg="${1%-deb}" o="$out/$1"
  [ ! -s "$o/compile_commands.json" ] || return 0
  if [ "$n" = sqlite ]; then
    fetch_sqlite "$d" >&2
    printf '[{"directory": "%s", "file": "sqlite3.c", "arguments": ["%s", "-O2", "-c", "sqlite3.c"]}]\n' \
      "$d" "$CLANG" >"$o/compile_commands.json"
    return 0
  fi
  if [ "$n" = sed-deb ]; then
    # sed's configured tree and compile commands with Debian's flags in
    # place of -O0 -g (one gnulib configure less; -O2 turns fortify on
    # through config.h, as in Debian's build).
    prepare sed "$d"
    python3 - "$out/sed/compile_commands.json" "$(dpkg-buildflags --get CPPFLAGS)" \
      "$(dpkg-buildflags --get CFLAGS)" >"$o/compile_commands.json" <<'PY'
import json, sys
entries = json.load(open(sys.argv[1]))
for e in entries:
    e["arguments"] = [a for a in e["arguments"] if a not in ("-O0", "-g")]
    e["arguments"][1:1] = sys.argv[2].split() + sys.argv[3].split()
json.dump(entries, sys.stdout, indent=1)
PY
    return 0
  fi
  fetch_deb "$pkg" "$d"
  if [ ! -f "$o/configured" ]; then
    case "$n" in
      sed) CFLAGS="-O0 -g" configure "$pkg" "$d" ;;
      *) configure "$pkg" "$d" ;;
    esac
    touch "$o/configured"
  fi
  if [ "$n" = redis ]; then
    # Redis's own units: their commands as `make -n` prints them (no
    # configure; release.h is the one generated header they need).
    (cd "$d/src" && ./mkreleasehdr.sh >/dev/null &&
       make -n CC="$CLANG" MALLOC=libc OPTIMIZATION=-O2 BUILD_TLS=no USE_SYSTEMD=no all 2>/dev/null) |
      python3 -c '
import json, shlex, sys
out = []
for line in sys.stdin:
    cmd = line.split(";")[-1]
    if not cmd.lstrip().startswith(sys.argv[2] + " "):
        continue
    words = shlex.split(cmd)
    if "-c" in words:
        out.append({"directory": sys.argv[1], "file": words[words.index("-c") + 1], "arguments": words})
json.dump(out, sys.stdout, indent=1)' "$d/src" "$CLANG" >"$o/compile_commands.json"
  elif [ "$n" = git ]; then
    # Only the compile commands are needed: -fsyntax-only skips code
    # generation, most of the time of git's ~500 units; archives and links
    # then fail, and -k goes on past them.
    (cd "$d" && MAKEFLAGS=-k bear --output "$o/compile_commands.json" -- \
       bash -c 'make_it "$@"' make_it "$pkg" "$d" "$CLANG -fsyntax-only") >"$o/build.log" 2>&1 || true
  else
    (cd "$d" && bear --output "$o/compile_commands.json" -- \
       bash -c 'make_it "$@"' make_it "$pkg" "$d" "$CLANG") >"$o/build.log" 2>&1 ||
      { echo "dangling: $n build failed; see $o/build.log" >&2; tail -20 "$o/build.log" >&2
        rm -f "$o/compile_commands.json"; return 1; }
  fi
}

# analyse NAME DIR VARIANT CESCAPE [db]: check -p; list the dangling
# warnings of the project's own code into VARIANT.txt (path:line:col:
# message, sorted) and print their count. The new check reads no cross-unit
# summary (Dangling.cpp sees one unit), so one pass without a database is
# all of its warnings. The old, graph-based one took callee facts from
# other units' summaries: with db, the findings go to VARIANT.db, check
# resolves, and the list is the database's (as bench/projects.sh counted).
analyse() {
  local n="$1" d="$2" v="$3" c="$4" o="$out/$1" db=()
  [ "${5:-}" != db ] || { rm -f "$o/$v.db"; db=(--db "$o/$v.db"); }
  (cd "$d" && CESCAPE_ARGS="root=$d" "$c" check -p "$o" -j "$JOBS" "${db[@]}") >"$o/$v.check.log" 2>&1 ||
    echo "dangling: $n ($v): some units were not analysed; see $o/$v.check.log" >&2
  if [ ${#db[@]} -gt 0 ]; then
    sqlite3 "$o/$v.db" "SELECT DISTINCT path || ':' || line || ':' || col || ': ' || message
                        FROM findings WHERE rule = 'dangling'"
  else
    # check names files relative to the checkout above, if any.
    sed -n 's/^\([^ :]*:[0-9]*:[0-9]*\): warning: \(.*\) \[cescape:dangling\]$/\1: \2/p' "$o/$v.check.log" |
      sed "s|^\([^:]*/\)\{0,1\}dangling/$n/src/||"
  fi | { if [ "$n" = redis ]; then grep -v '^deps/' || true; else cat; fi; } |
    sort -t: -k1,1 -k2,2n -k3,3n | uniq >"$o/$v.txt"
  wc -l <"$o/$v.txt"
}

# cpu_time LOG CMD...: run CMD (stderr to LOG.err); print its wall and
# user+sys CPU seconds.
cpu_time() {
  local log="$1"; shift
  /usr/bin/time -f '%e %U %S' -o "$log.time" "$@" >"$log.out" 2>"$log.err" || true
  awk '{printf "wall_s %.1f cpu_s %.1f", $1, $2+$3}' "$log.time"
}

# csa: the analyzer beside the plugin (see --help).
csa() {
  local o="$out/csa" t="$repo/testdata/escape" s="$out/sqlite/src/sqlite3.c" plugin
  plugin="$(dirname "$CESCAPE")/cescape.so"
  mkdir -p "$o"
  python3 "$here/dangling_csa.py" "$CLANG" "$plugin" "$repo/testdata/Inputs" "$o" \
    "$t"/dangling-*.c "$t/address-of.c" "$t/pointers-to-locals.c" >"$o/tests.md"
  tail -1 "$o/tests.md"
  fetch_sqlite "$(dirname "$s")" >&2
  {
    echo "sqlite3.c, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "clang alone ($CLANG -fsyntax-only -O2): $(cpu_time "$o/base" "$CLANG" -fsyntax-only -O2 "$s")"
    echo "plugin ($CLANG -fsyntax-only -O2 -fplugin=$plugin): $(cpu_time "$o/plugin" \
      "$CLANG" -fsyntax-only -O2 -fplugin="$plugin" "$s"), dangling $(grep -c 'cescape:dangling' "$o/plugin.err")"
    echo "CSA ($CLANG --analyze -O2 -Xclang -analyzer-checker=core.StackAddressEscape, with the driver's default checkers): $(cpu_time "$o/csa" \
      "$CLANG" --analyze -O2 -Xclang -analyzer-checker=core.StackAddressEscape \
      -Xclang -analyzer-output=sarif -o "$o/sqlite.sarif" "$s"), core.StackAddressEscape $(python3 -c '
import json, sys
rs = json.load(open(sys.argv[1]))["runs"][0]["results"]
sae = [r for r in rs if r["ruleId"] == "core.StackAddressEscape"]
print(len(sae), "of", len(rs), "results")
for r in sae:
    print("  sqlite3.c:%d: %s" % (r["locations"][0]["physicalLocation"]["region"]["startLine"], r["message"]["text"]))' "$o/sqlite.sarif")"
  } | tee "$o/sqlite.txt"
}

for n in "${names[@]}"; do
  if [ "$n" = csa ]; then csa; continue; fi
  echo "== $n" >&2
  d="$out/$n/src"
  [ "$n" != sed-deb ] || d="$out/sed/src"
  mkdir -p "$out/$n"
  prepare "$n" "$d" || continue
  [ "$BUILD_ONLY" = 0 ] || continue
  line="$n new $(analyse "$n" "$d" new "$CESCAPE")"
  [ -z "$CESCAPE_OLD" ] || line="$line old $(analyse "$n" "$d" old "$CESCAPE_OLD" db)"
  echo "$line"
done
