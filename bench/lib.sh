# Shared helpers of the bench/*.sh scripts; not run on its own. Source it
# first thing, after setting `here` to the bench/ directory:
#   here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
#   . "$here/lib.sh"
# It sets repo (the checkout), PLUGIN (CESCAPE_PLUGIN, default
# <repo>/build/cescape.so) and CLANG (default clang-19), and defines the
# functions below. Messages are prefixed with the calling script's name
# (csmith, overhead, ...).
# shellcheck shell=bash disable=SC2034,SC2154  # `here` comes from, and the variables go to, the caller

repo="$(cd "$here/.." && pwd)"
PLUGIN="${CESCAPE_PLUGIN:-$repo/build/cescape.so}"
CLANG="${CLANG:-clang-19}"
bench_self="$(basename "$0" .sh)"

# need_tool CMD PACKAGE: exit 2 with the apt-get line when CMD is missing.
need_tool() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "$bench_self: '$1' is missing; install it with: apt-get install $2" >&2
    exit 2
  fi
}

# require_plugin: exit 2 unless $PLUGIN exists.
require_plugin() {
  if [ ! -f "$PLUGIN" ]; then
    echo "$bench_self: plugin not found: $PLUGIN (build it first or set CESCAPE_PLUGIN)" >&2
    exit 2
  fi
}

# Work on a private copy of the plugin: it may be rebuilt while we run.
# Retries while the file is being rewritten (it must load into clang).
# Sets ORIG_PLUGIN to the original path and PLUGIN to the copy.
snapshot_plugin() {  # $1 = destination
  local try
  ORIG_PLUGIN="$PLUGIN"
  for try in 1 2 3 4 5 6; do
    cp -p "$PLUGIN" "$1" 2>/dev/null || true
    if "$CLANG" -fplugin="$1" -fsyntax-only -x c /dev/null >/dev/null 2>&1; then
      PLUGIN="$1"
      return 0
    fi
    echo "$(basename "$0"): plugin does not load yet (being rebuilt?), retry $try/6 in 10 s" >&2
    sleep 10
  done
  echo "$(basename "$0"): cannot load $PLUGIN into $CLANG" >&2
  exit 2
}

# plugin_stamp: "built <mtime>, sha256 <12 hex>" of $PLUGIN (the copy keeps
# the original's mtime, cp -p).
plugin_stamp() {
  echo "built $(date -r "$PLUGIN" '+%F %T'), sha256 $(sha256sum "$PLUGIN" | cut -c1-12)"
}

# run_capped LABEL OUT ERR CMD...: run CMD with its address space capped at
# MEM_LIMIT_MB (ulimit -v; a runaway compile fails instead of waking the OOM
# killer), stdout to OUT, stderr to ERR; set WALL_MS to its wall time. On
# failure print the tail of ERR and exit 1.
run_capped() {
  local label="$1" o="$2" e="$3" t0 t1 rc
  shift 3
  t0=$(date +%s%N)
  set +e
  (ulimit -v $((MEM_LIMIT_MB * 1024)); exec "$@" >"$o" 2>"$e")
  rc=$?
  set -e
  t1=$(date +%s%N)
  if [ $rc -ne 0 ]; then
    echo "$bench_self: $label failed (exit $rc); stderr in $e:" >&2
    tail -20 "$e" >&2
    exit 1
  fi
  WALL_MS=$(( (t1 - t0) / 1000000 ))
}

# fetch_sqlite DIR: make sure DIR/sqlite3.c exists (the SQLite amalgamation
# from the npm package $SQLITE_NPM_PKG, fetched once with `npm pack`), set
# SQLITE_SRC to it and print its line count and version.
SQLITE_NPM_PKG="better-sqlite3@12.11.1"
fetch_sqlite() {
  local dir="$1" found hdr
  SQLITE_SRC="$dir/sqlite3.c"
  mkdir -p "$dir"
  if [ ! -s "$SQLITE_SRC" ]; then
    need_tool npm npm
    echo "$bench_self: fetching $SQLITE_NPM_PKG with npm pack into $dir/npm" >&2
    rm -rf "$dir/npm"; mkdir -p "$dir/npm"
    (cd "$dir/npm" && npm pack --silent "$SQLITE_NPM_PKG" >/dev/null && tar xzf ./*.tgz)
    found="$(find "$dir/npm/package/deps" -name sqlite3.c -print -quit)"
    if [ -z "$found" ]; then
      # Older releases ship the amalgamation as a tarball under deps/.
      mkdir -p "$dir/npm/unpacked"
      find "$dir/npm/package/deps" \( -name '*.tar.gz' -o -name '*.tgz' -o -name '*.tar.xz' \) -print0 |
        while IFS= read -r -d '' t; do tar xf "$t" -C "$dir/npm/unpacked"; done
      found="$(find "$dir/npm" -name sqlite3.c -print -quit)"
    fi
    if [ -z "$found" ]; then echo "$bench_self: sqlite3.c not found in $SQLITE_NPM_PKG" >&2; exit 2; fi
    cp "$found" "$SQLITE_SRC"
    hdr="$(dirname "$found")/sqlite3.h"; [ -f "$hdr" ] && cp "$hdr" "$dir/"
  fi
  echo "sqlite3.c: $(wc -l <"$SQLITE_SRC") lines, $(grep -m1 -oE 'version 3\.[0-9]+(\.[0-9]+)*' "$SQLITE_SRC" || echo 'version ?')"
}

# The Debian source packages the bench builds (bench/projects.sh,
# bench/dangling.sh): how each is fetched, configured and built.

# deps_of NAME: NAME's build dependencies (Debian packages).
deps_of() {
  case "$1" in
    tmux) echo "libevent-dev libncurses-dev bison" ;;
    memcached) echo "libevent-dev perl" ;;
    redis) echo "tcl pkg-config" ;;
    curl) echo "zlib1g-dev" ;;
    git) echo "zlib1g-dev gettext perl" ;;
    jq|expat) echo "automake libtool" ;;
  esac
}

# fetch_deb NAME DIR: unpack NAME's Debian source (patches applied) into
# DIR, once, and install its build dependencies. The .dsc and tarballs are
# kept in bench/out/src. A package whose security update the mirror lacks
# comes from the release pocket (NAME/bookworm).
fetch_deb() {
  local n="$1" d="$2" dsc deps
  [ ! -d "$d" ] || return 0
  deps="$(deps_of "$n")"
  # shellcheck disable=SC2086
  [ -z "$deps" ] || apt-get install -y -q $deps >/dev/null
  mkdir -p "$here/out/src"
  dsc="$(ls "$here/out/src/${n}"_*.dsc 2>/dev/null | head -1 || true)"
  if [ -z "$dsc" ]; then
    (cd "$here/out/src" && { apt-get source --download-only "$n" >/dev/null 2>&1 ||
                              apt-get source --download-only "$n/bookworm" >/dev/null; })
    dsc="$(ls "$here/out/src/${n}"_*.dsc | head -1)"
  fi
  mkdir -p "$(dirname "$d")"
  rm -rf "$d.unpack"
  dpkg-source --no-check -x "$dsc" "$d.unpack" >/dev/null
  mv "$d.unpack" "$d"
}

# configure NAME DIR: configure with plain clang-19 (no plugin in configure
# tests); autoconf projects take CFLAGS and CPPFLAGS from the environment.
configure() {
  local n="$1" d="$2"
  case "$n" in
    tmux) (cd "$d" && ./configure CC="$CLANG" --disable-utf8proc >/dev/null) ;;
    memcached|gawk|sed) (cd "$d" && ./configure CC="$CLANG" >/dev/null) ;;
    curl) (cd "$d" && ./configure CC="$CLANG" --without-ssl --without-libpsl --without-brotli \
            --without-zstd --without-nghttp2 --without-libidn2 --without-librtmp --disable-ldap \
            --disable-shared >/dev/null) ;;
    jq) (cd "$d" && autoreconf -fi >/dev/null 2>&1 &&
         ./configure CC="$CLANG" --disable-docs --disable-maintainer-mode --with-oniguruma=no >/dev/null) ;;
    # A CMake project: the build directory is DIR/build.
    jansson) cmake -S "$d" -B "$d/build" -DCMAKE_C_COMPILER="$CLANG" -DJANSSON_BUILD_DOCS=OFF >/dev/null ;;
    expat) (cd "$d/expat" && ./buildconf.sh >/dev/null 2>&1 &&
            ./configure CC="$CLANG" --without-docbook >/dev/null) ;;
    redis|git) : ;;
  esac
}

# make_it NAME DIR CC: build NAME's code with compiler CC (a word list).
export GIT_FLAGS="NO_CURL=1 NO_EXPAT=1 NO_GETTEXT=1 NO_TCLTK=1 NO_OPENSSL=1 NO_PYTHON=1"
make_it() {
  local n="$1" d="$2" cc="$3"
  case "$n" in
    tmux|curl|gawk|sed|jq) make -C "$d" -j"$JOBS" CC="$cc" ;;
    memcached) make -C "$d" -j"$JOBS" CC="$cc" memcached ;;
    redis) make -C "$d" -j"$JOBS" CC="$cc" MALLOC=libc OPTIMIZATION=-O2 BUILD_TLS=no USE_SYSTEMD=no ;;
    git) make -C "$d" -j"$JOBS" CC="$cc" $GIT_FLAGS all ;;
    expat) make -C "$d/expat" -j"$JOBS" CC="$cc" ;;
    jansson) make -C "$d/build" -j"$JOBS" ;;
  esac
}
export -f make_it
