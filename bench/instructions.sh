#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of compiling the SQLite
# amalgamation, or the largest units of a compile_commands.json, with and
# without the cescape plugin: a deterministic complement to the wall/CPU
# times of overhead.sh, which this shared machine makes noisy. See
# bench/README.md.
#
# Usage: bench/instructions.sh [--o2] [--modes "syntax O0 O2"] [--before SO]
#                              [--db] [--cdb FILE [--largest N]]
#   --o2             also count -O2 -c (two more runs, each an estimated
#                    20-40 min: callgrind slows clang down 50-80 times)
#   --modes LIST     subset of: syntax O0 O2 (default "syntax O0")
#   --before SO      also count with this plugin (variant "before", e.g. an
#                    older commit's build), in the same run
#   --db             each plugin run writes its findings into a fresh
#                    database (db=, root= the unit's directory), as
#                    `cescape cc` does
#   --cdb FILE       instead of sqlite3.c, the N largest units (preprocessed
#                    size, clang -E) of this compile_commands.json, each with
#                    its own flags minus -c/-o/-O/dependency outputs
#   --largest N      with --cdb (default 3)
# Each count is one run of
#   valgrind --tool=callgrind clang-19 -w <mode> [-fplugin=cescape.so] sqlite3.c
# with <mode> = -fsyntax-only | -O0 -c -o /dev/null | -O2 -c -o /dev/null.
# Environment:
#   CESCAPE_PLUGIN   plugin path (default: <repo>/build/cescape.so)
#   PLUGIN_ARGS      extra flags for the plugin runs (default none)
#   CLANG            compiler (default clang-19)
#   TOOL             callgrind (default) or cachegrind (run with
#                    --cache-sim=no: the same Ir event, no call graph)
#   MEM_LIMIT_MB     address-space limit per run (ulimit -v, default 8192)
# Outputs: bench/out/instructions/ (<tool>.<mode>.<unit>.<variant>.out for
# callgrind_annotate, .log = valgrind's and clang's stderr, runs.tsv,
# units.txt, summary.txt); sqlite3.c is the one overhead.sh downloads into
# bench/out/overhead/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
PLUGIN_ARGS="${PLUGIN_ARGS:-}"
MEM_LIMIT_MB="${MEM_LIMIT_MB:-8192}"
MODES="syntax O0"
TOOL="${TOOL:-callgrind}"
BEFORE=""
DB=0
CDB=""
LARGEST=3

while [ $# -gt 0 ]; do
  case "$1" in
    --o2) MODES="$MODES O2"; shift ;;
    --modes) MODES="$2"; shift 2 ;;
    --before) BEFORE="$2"; shift 2 ;;
    --db) DB=1; shift ;;
    --cdb) CDB="$(realpath "$2")"; shift 2 ;;
    --largest) LARGEST="$2"; shift 2 ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
    *) echo "instructions: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
# Drop repeats (--modes O2 --o2), keep the order.
MODES="$(echo "$MODES" | tr ' ' '\n' | awk 'NF && !seen[$0]++' | tr '\n' ' ')"

mode_flags() {
  case "$1" in
    syntax) echo "-fsyntax-only" ;;
    O0) echo "-O0 -c -o /dev/null" ;;
    O2) echo "-O2 -c -o /dev/null" ;;
    *) echo "instructions: unknown mode $1 (syntax, O0 or O2)" >&2; exit 2 ;;
  esac
}
for m in $MODES; do mode_flags "$m" >/dev/null; done
case "$TOOL" in
  callgrind) tool_args=(--tool=callgrind) ;;
  cachegrind) tool_args=(--tool=cachegrind --cache-sim=no) ;;
  *) echo "instructions: TOOL must be callgrind or cachegrind" >&2; exit 2 ;;
esac

out="$here/out/instructions"
mkdir -p "$out"

need_tool "$CLANG" clang-19
need_tool valgrind valgrind
require_plugin
snapshot_plugin "$out/cescape.so"
if [ -n "$BEFORE" ]; then
  after="$PLUGIN" after_orig="$ORIG_PLUGIN"
  PLUGIN="$BEFORE"; require_plugin; snapshot_plugin "$out/before.so"
  BEFORE="$PLUGIN" BEFORE_ORIG="$ORIG_PLUGIN" BEFORE_STAMP="$(plugin_stamp)"
  PLUGIN="$after" ORIG_PLUGIN="$after_orig"
fi
variants="base${BEFORE:+ before} plugin"

# units.txt: one unit a line, "label<TAB>directory<TAB>arguments" (the
# arguments shell-quoted, without the compiler, the mode and the outputs).
units="$out/units.txt"
if [ -z "$CDB" ]; then
  fetch_sqlite "$here/out/overhead"
  printf 'sqlite3.c\t%s\t%q\n' "$PWD" "$SQLITE_SRC" >"$units"
else
  # Preprocessed size of every unit, then the N largest.
  python3 - "$CDB" "$CLANG" "$LARGEST" >"$units" <<'PY'
import json, shlex, subprocess, sys
cdb, clang, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
drop_next = {"-o", "-MF", "-MQ", "-MT"}
drop = {"-c", "-MMD", "-MD", "-MP"}
sized = []
for e in json.load(open(cdb)):
    argv = e.get("arguments") or shlex.split(e["command"])
    args, skip = [], False
    for a in argv[1:]:
        if skip:
            skip = False
        elif a in drop_next:
            skip = True
        elif a not in drop and not a.startswith("-O"):
            args.append(a)
    pp = subprocess.run([clang, "-E", "-w"] + args, cwd=e["directory"],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    sized.append((len(pp.stdout), e["file"], e["directory"], args))
for size, f, d, args in sorted(sized, key=lambda t: -t[0])[:n]:
    print(f"{f} ({size} B preprocessed)\t{d}\t{shlex.join(args)}")
PY
fi
echo "units:" >&2; cut -f1 "$units" | sed 's/^/  /' >&2

# count MODE VARIANT DIR ARGS: one run; sets IR (instructions) and SECS.
count() {
  local mode="$1" variant="$2" dir="$3" label="$4" out_file extra=()
  shift 4
  out_file="$out/$TOOL.$mode.$label.$variant.out"
  case "$variant" in
    plugin) extra=(-fplugin="$PLUGIN") ;;
    before) extra=(-fplugin="$BEFORE") ;;
  esac
  if [ "$variant" != base ]; then
    # shellcheck disable=SC2206
    extra+=($PLUGIN_ARGS)
    if [ "$DB" = 1 ]; then
      rm -f "$out/run.db"*
      extra+=(-fplugin-arg-cescape-db="$out/run.db" -fplugin-arg-cescape-root="$dir")
    fi
  fi
  rm -f "$out_file"
  # shellcheck disable=SC2046
  (cd "$dir" && run_capped "$mode/$label/$variant" /dev/null "$out/$TOOL.$mode.$label.$variant.log" \
    valgrind "${tool_args[@]}" --"$TOOL"-out-file="$out_file" \
    "$CLANG" -w $(mode_flags "$mode") "${extra[@]}" "$@"; echo "$WALL_MS" >"$out/wall_ms")
  IR="$(awk '/^summary:/ {print $2; exit}' "$out_file")"
  SECS=$(( $(cat "$out/wall_ms") / 1000 ))
  # The driver runs cc1 inside its own process (-fintegrated-cc1, the default),
  # so valgrind sees the whole compile: hundreds of millions of instructions
  # at least. A few million would mean only the driver was counted.
  if [ -z "$IR" ] || [ "${#IR}" -lt 9 ]; then
    echo "instructions: $mode/$label/$variant counted only '${IR:-?}' instructions: was cc1 run in a child process?" >&2
    exit 1
  fi
}

runs="$out/runs.tsv"
printf 'mode\tunit\tvariant\tinstructions\tseconds\n' >"$runs"
nu=$(wc -l <"$units") nv=$(wc -w <<<"$variants")
total=$(( $(wc -w <<<"$MODES") * nu * nv ))
n=0
for m in $MODES; do
  while IFS=$'\t' read -r label dir args; do
    label="${label%% *}" label="${label//\//_}"
    eval "set -- $args"
    for v in $variants; do
      n=$((n + 1))
      case "$v" in
        plugin) with=" -fplugin=$(basename "$ORIG_PLUGIN")" ;;
        before) with=" -fplugin=$BEFORE_ORIG" ;;
        *) with="" ;;
      esac
      echo "[$n/$total] $m $label $v: valgrind ${tool_args[*]} $CLANG -w $(mode_flags "$m")$with ${*: -1}" >&2
      count "$m" "$v" "$dir" "$label" "$@" </dev/null
      printf '%s\t%s\t%s\t%s\t%s\n' "$m" "$label" "$v" "$IR" "$SECS" >>"$runs"
      echo "        $IR instructions, $SECS s under $TOOL" >&2
    done
  done <"$units"
done

summary="$out/summary.txt"
{
  echo "instructions ($TOOL Ir) of $CLANG -w <mode> <unit>, without and with $ORIG_PLUGIN${PLUGIN_ARGS:+ ($PLUGIN_ARGS)}${BEFORE:+ and $BEFORE_ORIG (before)}$([ "$DB" = 1 ] && echo ', plugins writing a fresh db=')"
  echo "plugin $(plugin_stamp)${BEFORE:+; before $BEFORE_STAMP}; $("$CLANG" --version | head -1); $(valgrind --version)"
  awk -F'\t' -v modes="$MODES" -v before="${BEFORE:+1}" '
    function commas(x,   s) { s = sprintf("%.0f", x); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
    NR > 1 { ir[$1, $2, $3] = $4; sum[$1, $3] += $4; if (!($2 in seen)) { seen[$2] = 1; U[++nu] = $2 } }
    END {
      nm = split(modes, M, " ")
      if (nu > 1) U[++nu] = "(sum)"
      printf "%-7s %-20s %16s %16s %7s %15s", "mode", "unit", "base", "plugin", "ratio", "added"
      if (before) printf " %16s %7s", "before", "ratio"
      printf "\n"
      for (i = 1; i <= nm; i++) for (u = 1; u <= nu; u++) {
        if (U[u] == "(sum)") { b = sum[M[i], "base"]; p = sum[M[i], "plugin"]; o = sum[M[i], "before"] }
        else { b = ir[M[i], U[u], "base"]; p = ir[M[i], U[u], "plugin"]; o = ir[M[i], U[u], "before"] }
        printf "%-7s %-20s %16s %16s %7.4f %15s", M[i], U[u], commas(b), commas(p), p / b, commas(p - b)
        if (before) printf " %16s %7.4f", commas(o), o / b
        printf "\n"
      }
      print "(ratio = plugin / base; added = plugin - base, the plugin'"'"'s cost in instructions)"
      if (("O2", "base") in sum) {
        o2 = sum["O2", "base"]
        printf "added instructions as a fraction of one -O2 compile (%s):", commas(o2)
        for (i = 1; i <= nm; i++) printf " %s-mode cost %.2f %%%s", M[i], 100 * (sum[M[i], "plugin"] - sum[M[i], "base"]) / o2, (i < nm ? "," : "\n")
      }
    }' "$runs"
} | tee "$summary"
echo "(per-run data: $runs; per-function profiles: callgrind_annotate $out/$TOOL.<mode>.<unit>.<variant>.out)"
