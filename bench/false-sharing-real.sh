#!/usr/bin/env bash
# cescape's false-sharing rules over real concurrent C from Debian source
# packages (fetched with apt-get source at run time into bench/out/, never
# committed): each package is configured and built with `cescape cc`, its
# findings recorded in one database per package and listed.
#
# Usage: bench/false-sharing-real.sh [package ...]
#   default packages: memcached libuv1 liburcu jemalloc
# Needs a deb-src line for bookworm main in /etc/apt/sources.list.d/ and the
# packages' build dependencies (apt-get build-dep PACKAGE).
# Environment:
#   CESCAPE_ARGS    extra plugin arguments (e.g. cacheline=128)
# Outputs: bench/out/false-sharing-real/<package>/ (source, build.log,
#   cescape.db, findings.txt)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
out="$here/out/false-sharing-real"
cescape="$repo/build/cescape"

need_tool apt-get apt
need_tool make make
require_plugin
[ -x "$cescape" ] || { echo "$bench_self: $cescape not built" >&2; exit 2; }
mkdir -p "$out"
packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(memcached libuv1 liburcu jemalloc)

# build PACKAGE SOURCE_DIR: configure and make it with the plugin loaded.
build() {
  local src="$2"
  cd "$src"
  if [ -f CMakeLists.txt ]; then
    cmake -S . -B cescape-build -DCMAKE_C_COMPILER=clang-19 \
      -DCMAKE_C_COMPILER_LAUNCHER="$cescape;cc" -DBUILD_TESTING=OFF
    cmake --build cescape-build -j"$(nproc)"
  elif [ -x ./configure ]; then
    CC=clang-19 ./configure --quiet
    # Patched sources look newer than their Makefile.in: do not regenerate.
    make -j"$(nproc)" CC="$cescape cc" ACLOCAL=true AUTOMAKE=true \
      AUTOCONF=true AUTOHEADER=true
  else
    echo "$bench_self: $1: no CMakeLists.txt or configure script" >&2
    return 1
  fi
}

echo "plugin $(plugin_stamp); $("$CLANG" --version | head -1)"
for package in "${packages[@]}"; do
  dir="$out/$package"
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && apt-get source -qq "$package" >"$dir/fetch.log" 2>&1)
  src=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -1)
  db="$dir/cescape.db"
  # cescape cc loads the plugin beside it, build/cescape.so.
  if ! (export CESCAPE_ARGS="db=$db root=$src ${CESCAPE_ARGS:-}"
        build "$package" "$src") >"$dir/build.log" 2>&1; then
    echo "$bench_self: $package: the build failed, see $dir/build.log" >&2
  fi
  "$cescape" list --db "$db" --rule false-sharing --rule array-false-sharing \
    >"$dir/findings.txt" || true
  units=$(sqlite3 "$db" "SELECT count(*) FROM units" 2>/dev/null || echo 0)
  echo "== $package ($(basename "$src")): $units units, $(wc -l <"$dir/findings.txt") false-sharing findings"
  cat "$dir/findings.txt"
done
