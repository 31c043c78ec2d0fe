#!/usr/bin/env bash
# Database speed against the targets of docs/architecture.md: findings
# written per second by the plugin (>= 50k/s), and `cescape gate` (< 1 s) and `cescape export` on
# two databases of about 100k findings each. See bench/README.md.
#
# Usage: bench/db.sh [N_FINDINGS]   (default 100000)
# Outputs: bench/out/db/ (generated sources, databases, summary.txt)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"

N="${1:-100000}"
CESCAPE="${CESCAPE:-$repo/build/cescape}"
UNITS=20                     # translation units
PER_FN=10                    # allocation sites per function
out="$repo/bench/out/db"
require_plugin
need_tool "$CLANG" clang-19
rm -rf "$out" && mkdir -p "$out/base/.git" "$out/changed/.git"

# Synthetic units: functions of PER_FN allocation sites each, a mix of
# escaping and stack-worthy ones. The changed tree renames 1% of the
# functions (new + resolved findings) and moves every line down.
python3 - "$out" "$N" "$UNITS" "$PER_FN" <<'PY'
import os, sys
out, n, units, per_fn = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
fns = n // per_fn // units
for tree in ("base", "changed"):
    for u in range(units):
        lines = ["void *malloc(unsigned long);", "void free(void *);", "char *g%d;" % u]
        if tree == "changed":
            lines += [""] * 25
        for f in range(fns):
            name = "f%d_%d" % (u, f)
            if tree == "changed" and f % 100 == 0:
                name += "_renamed"
            body = []
            for k in range(per_fn):
                if k % 3 == 0:
                    body.append("  g%d = malloc(%d);" % (u, 8 + k))
                else:
                    body.append("  { char *p = malloc(%d); p[0] = 1; free(p); }" % (8 + k))
            lines += ["void %s(void) {" % name] + body + ["}"]
        with open(os.path.join(out, tree, "u%d.c" % u), "w") as fh:
            fh.write("\n".join(lines) + "\n")
PY

# compile TREE [DB]: every unit of TREE, one at a time (parallel writers
# would wait for each other's transactions); prints the seconds.
compile() {
  local tree=$1 db=${2:-} start end
  start=$(date +%s.%N)
  (cd "$out/$tree" && ls u*.c | xargs -P1 -I{} "$CLANG" -fsyntax-only -w \
      -fplugin="$PLUGIN" ${db:+-fplugin-arg-cescape-db=$db} {} 2>/dev/null)
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

# Analysis alone, then analysis and writing: the difference is the writing.
t_plain=$(compile base)
t_db=$(compile base "$out/base.db")
compile changed "$out/changed.db" >/dev/null
rows=$(sqlite3 "$out/base.db" "SELECT count(*) FROM findings")
write=$(echo "$t_db - $t_plain" | bc -l)
rate=$(echo "if ($write > 0) $rows / $write else 0" | bc -l)

timed() { # timed CMD...: seconds of one run (output discarded)
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
t_gate=$(timed "$CESCAPE" gate --baseline "$out/base.db" --db "$out/changed.db")
t_sarif=$(timed "$CESCAPE" export --db "$out/changed.db" --format sarif -o "$out/all.sarif")
t_gitlab=$(timed "$CESCAPE" export --db "$out/changed.db" --format gitlab -o "$out/all.json")
summary=$("$CESCAPE" gate --baseline "$out/base.db" --db "$out/changed.db" 2>&1 >/dev/null | tail -1 || true)

{
  echo "plugin $(plugin_stamp)"
  printf '%-34s %12s\n' "findings per database" "$rows"
  printf '%-34s %10.2f s\n' "compile, no database ($UNITS units)" "$t_plain"
  printf '%-34s %10.2f s\n' "compile, writing the database" "$t_db"
  printf '%-34s %10.0f /s  (target >= 50000)\n' "findings written" "$rate"
  printf '%-34s %10.3f s  (target < 1 s)\n' "gate, two databases" "$t_gate"
  printf '%-34s %10.3f s\n' "export --format sarif" "$t_sarif"
  printf '%-34s %10.3f s\n' "export --format gitlab" "$t_gitlab"
  echo "gate said: $summary"
} | tee "$out/summary.txt"
