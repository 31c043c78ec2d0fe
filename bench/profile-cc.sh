#!/usr/bin/env bash
# The C compiler of the bench/profile-*.sh builds (CC=.../profile-cc.sh):
# "cescape cc clang-19" (objects and findings from one compile, plugin
# arguments from CESCAPE_ARGS); when that fails, clang-19 alone, the unit
# logged in $PROFILE_CC_LOG, so that a failing analysis costs that unit's
# findings and not the benchmark's build.
set -uo pipefail
cescape="${CESCAPE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/cescape}"
"$cescape" cc clang-19 "$@" && exit 0
echo "cescape cc failed, built by clang-19 alone: $*" >>"${PROFILE_CC_LOG:-/dev/stderr}"
exec clang-19 "$@"
