#!/usr/bin/env bash
# Sets up, builds cescape, then builds the bundled example project with
# `make CC="cescape cc"`: every finding prints as a compiler diagnostic.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

root=$PWD
out=$root/build/example
rm -rf "$out"
mkdir -p "$out"
cp testdata/example/*.c testdata/example/*.h testdata/example/Makefile "$out"
echo "== cescape on testdata/example (make CC=\"cescape cc\")"
CESCAPE_ARGS="${CESCAPE_ARGS:-m}" make -s -C "$out" CC="$root/build/cescape cc" 2>&1 |
  tee "$out/findings.txt"
echo "== $(grep -c '\[cescape:' "$out/findings.txt") findings (by rule):"
grep -o '\[cescape:[a-z-]*\]' "$out/findings.txt" | sort | uniq -c
"$out/wordfreq" <"$root/testdata/example/sample.txt" | head -5
