#!/usr/bin/env bash
# Installs what cescape needs to build and test on Debian 12, then builds it
# into build/. Safe to run again: installed packages are skipped.
#   bash scripts/setup.sh [MAJOR]
# MAJOR (14, 15, 16 or 19, the default) is the Clang the plugin is built
# for; another than 19 builds into build-MAJOR/, beside the default build.
set -euo pipefail
cd "$(dirname "$0")/.."
major=${1:-19}
case $major in
14 | 15 | 16 | 19) ;;
*)
  echo "setup.sh: Clang $major is not supported (14, 15, 16 or 19)" >&2
  exit 2
  ;;
esac
build=build
[[ $major == 19 ]] || build=build-$major

# chromium: the report tests (testdata/report) drive it headless.
# libdw-dev, zlib1g-dev: cescape profile symbolises DWARF and writes gzip
# (and zlib deflates the findings objects carry);
# golang-go: its tests read the profiles back with go tool pprof.
# autoconf: testdata/db/autoconf.test builds a configure script.
# clang-14: a Clang of another major (cescape cc runs it as named; the
# plugin refuses to load into it).
# libelf-dev: cescape collect reads objects' sections; ccache: its test
# builds through the cache (testdata/collect); distcc: a build sent to a
# distccd on 127.0.0.1 (testdata/driver/cc-distcc.test); icecc: a build
# through an icecc-scheduler and iceccd on 127.0.0.1 (cc-icecc.test).
packages=(clang-19 libclang-19-dev llvm-19-dev llvm-19-tools libclang-rt-19-dev
          libsqlite3-dev sqlite3 cmake make g++ python3 patch chromium
          pkg-config libdw-dev libelf-dev zlib1g-dev golang-go autoconf clang-14
          ccache distcc icecc)
# Node and npm run the SARIF schema check (testdata/sarif) and the report's
# browser tests (testdata/report); a node already on PATH (not from Debian)
# will do.
command -v npm >/dev/null || packages+=(nodejs npm)
# Another Clang's plugin: its headers and CMake files, its tools for the
# tests (FileCheck), its sanitizer runtime (Clang 15 has it in
# libclang-common-15-dev, a dependency of libclang-15-dev).
if [[ $major != 19 ]]; then
  packages+=(clang-"$major" libclang-"$major"-dev llvm-"$major"-dev
             llvm-"$major"-tools)
  [[ $major == 15 ]] || packages+=(libclang-rt-"$major"-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
sudo=""
[[ $(id -u) == 0 ]] || sudo=sudo
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# distccd runs only the compilers named in /usr/lib/distcc, which Debian
# fills when distcc is installed: a Clang installed later is added here.
[[ -e /usr/lib/distcc/clang-$major ]] || $sudo update-distcc-symlinks

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCESCAPE_LLVM_MAJOR="$major" >/dev/null
cmake --build "$build" -j"$(nproc)"

# The SARIF validator's pinned npm packages (ajv and the SARIF 2.1.0 schema).
[[ -d testdata/sarif/node_modules ]] ||
  npm ci --prefix testdata/sarif --no-audit --no-fund
# The report tests' pinned playwright-core, which drives Debian's chromium
# (it downloads no browser of its own).
[[ -d testdata/report/node_modules ]] ||
  npm ci --prefix testdata/report --no-audit --no-fund
