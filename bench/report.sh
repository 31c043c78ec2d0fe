#!/usr/bin/env bash
# `cescape report` against the target of docs/architecture.md (< 5 s on
# 100k findings), and the report in headless Chromium: the index page's load time and the time
# to filter and sort its finding table. See bench/README.md.
#
# Usage: bench/report.sh [N_FINDINGS]   (default 100000)
# Inputs: bench/out/db/{base,changed}.db from bench/db.sh, run first when
#         they are missing or hold another number of findings.
# Outputs: bench/out/report/ (the report, summary.txt)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"

N="${1:-100000}"
CESCAPE="${CESCAPE:-$repo/build/cescape}"
dbs="$repo/bench/out/db"
out="$repo/bench/out/report"
browse="$repo/testdata/report/browse.js"
need_tool sqlite3 sqlite3
need_tool node nodejs
need_tool "${CHROMIUM:-chromium}" chromium
if [ ! -d "$repo/testdata/report/node_modules/playwright-core" ]; then
  echo "report: playwright-core is missing; run scripts/setup.sh" >&2
  exit 2
fi

# bench/db.sh makes N findings per database, give or take its rounding.
rows=$(sqlite3 "$dbs/changed.db" "SELECT count(*) FROM findings" 2>/dev/null || echo 0)
if [ $((rows * 100 / N)) -lt 99 ] || [ $((rows * 100 / N)) -gt 101 ]; then
  echo "== bench/db.sh $N (the databases)"
  bash "$here/db.sh" "$N" >/dev/null
  rows=$(sqlite3 "$dbs/changed.db" "SELECT count(*) FROM findings")
fi
rm -rf "$out" && mkdir -p "$out"

timed() { # timed CMD...: seconds of one run (output discarded)
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
t_plain=$(timed "$CESCAPE" report --db "$dbs/changed.db" -o "$out/plain")
t_base=$(timed "$CESCAPE" report --db "$dbs/changed.db" --baseline "$dbs/base.db" -o "$out/site")
steps=$(sqlite3 "$dbs/changed.db" "SELECT count(*) FROM steps")
browser=$(node "$browse" bench "$out/site")

{
  printf '%-34s %12s  (%s flow steps, %s files)\n' "findings" "$rows" "$steps" \
    "$(ls "$out/site/src" | wc -l)"
  printf '%-34s %10.2f s  (target < 5 s)\n' "report" "$t_plain"
  printf '%-34s %10.2f s\n' "report --baseline" "$t_base"
  printf '%-34s %12s\n' "report size" "$(du -sh "$out/site" | cut -f1)"
  printf '%-34s %12s\n' "findings.js size" "$(du -h "$out/site/findings.js" | cut -f1)"
  echo "in $("${CHROMIUM:-chromium}" --version 2>/dev/null | head -1):"
  echo "$browser" | sed 's/^/  /'
} | tee "$out/summary.txt"
