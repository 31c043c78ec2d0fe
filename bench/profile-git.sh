#!/usr/bin/env bash
# cescape profile on git (Debian bookworm's source, built with cescape cc)
# running "git log -p" over a real repository: cescape's own history up to
# a fixed commit, cloned bare into bench/out. Prints the overhead table
# (instructions and CPU time, heaptrack beside; bench/profile-lib.sh) and
# the top findings by alloc_objects.
#
#   bash bench/profile-git.sh [ROUNDS]       (default 5 CPU-time rounds)
#
# Writes under bench/out/profile-git. CESCAPE=path/to/cescape picks another
# build (its libcescape-profile.so beside it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"
out="$here/out/profile-git"
. "$here/profile-lib.sh"
ROUNDS="${1:-5}"
# main's head when this script was written: the history it logs never
# changes (main is never rewritten).
HISTORY=577efa6
require_plugin
need_tool git git
need_tool make make
mkdir -p "$out"
fetch_debian_source git

# git's allocator wrappers (wrapper.c), so that samples go past them.
args=""
for a in xmalloc xmallocz xmallocz_gently xcalloc xrealloc xstrdup xstrndup \
         xmemdupz do_xmalloc do_xmallocz; do
  args+=" alloc=$a:free"
done
if [ ! -x "$SRC/git" ] || [ "$SRC/git" -ot "$PLUGIN" ]; then
  echo "$bench_self: building $(basename "$SRC") with cescape cc (-j2, a few minutes)..." >&2
  rm -f "$out/git.db" "$out/cc.log"
  # Only what "git log -p" needs: no curl, expat, Tcl/Tk, gettext, Perl,
  # Python, OpenSSL (build dependencies this machine may lack).
  CESCAPE_ARGS="db=$out/git.db root=$SRC$args" PROFILE_CC_LOG="$out/cc.log" \
    nice -n 10 make -C "$SRC" -j2 git CC="$here/profile-cc.sh" \
    CFLAGS="$PROFILE_CFLAGS" NO_CURL=1 NO_EXPAT=1 NO_TCLTK=1 NO_GETTEXT=1 \
    NO_PERL=1 NO_PYTHON=1 NO_OPENSSL=1 >"$out/build.log" 2>&1 || {
    echo "$bench_self: the build failed, see $out/build.log" >&2
    exit 1
  }
  resolve_db "$out/git.db"
fi
if [ ! -d "$out/history.git" ]; then
  git clone -q --bare --no-local "$repo" "$out/history.git"
fi
git --git-dir="$out/history.git" rev-parse -q --verify "$HISTORY^{commit}" >/dev/null || {
  echo "$bench_self: commit $HISTORY is not in $out/history.git" >&2
  exit 2
}

# No system or user configuration, no pager: the same work everywhere.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_PAGER=cat
workload() { "$@" "$SRC/git" --git-dir="$out/history.git" log -p "$HISTORY" >/dev/null; }
measure_overhead "$ROUNDS"
workload "$CESCAPE" profile --rate 1 --db "$out/git.db" -o "$out/every.pb.gz" -- \
  2>"$out/join.err"
heaptrack_print "$out/raw/heaptrack".* >"$out/heaptrack.txt" 2>/dev/null || true

echo "== cescape profile on $(basename "$SRC"): git log -p $HISTORY ($(git --git-dir="$out/history.git" rev-list --count "$HISTORY") commits) (plugin $(plugin_stamp); CPU time: median of $ROUNDS rounds)"
print_overhead
print_top_findings "$out/git.db" "$out/every.pb.gz"
