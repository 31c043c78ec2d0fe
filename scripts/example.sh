#!/usr/bin/env bash
# Sets up, builds cescape, then builds the bundled example project with
# `make CC="cescape cc"`: every finding prints as a compiler diagnostic.
# Ends by writing the HTML report and printing where to open it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

root=$PWD
out=$root/build/example
rm -rf "$out"
mkdir -p "$out"
cp testdata/example/*.c testdata/example/*.h testdata/example/Makefile "$out"
echo "== cescape on testdata/example (make CC=\"cescape cc\")"
# m: also print escaping allocations; db: record every finding.
CESCAPE_ARGS="${CESCAPE_ARGS:-m} db=$out/cescape.db root=$out" \
  make -s -C "$out" CC="$root/build/cescape cc" 2>&1 | tee "$out/findings.txt"
echo "== $(grep -c '\[cescape:' "$out/findings.txt") findings (by rule):"
grep -o '\[cescape:[a-z-]*\]' "$out/findings.txt" | sort | uniq -c
echo "== calls between files: verdicts with each other's final summaries (cescape resolve)"
build/cescape resolve --db "$out/cescape.db"
echo "== recorded in $out/cescape.db (cescape list --db ...):"
build/cescape list --db "$out/cescape.db"
echo "== the example still runs:"
"$out/wordfreq" <"$root/testdata/example/sample.txt" | head -5
echo "== the HTML report (cescape report --db ... -o ...):"
build/cescape report --db "$out/cescape.db" -o "$out/report"
