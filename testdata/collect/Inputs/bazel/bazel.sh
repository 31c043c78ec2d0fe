#!/usr/bin/env bash
# bazel.sh ROOT COMMAND [ARGS...]: Debian 12's Bazel 4 (bazel-bootstrap),
# offline: its output under ROOT, no user or workspace rc file, a server
# that exits after 15 idle seconds (so none outlives a failing test), and
# rules_cc and rules_java (which Bazel would download) from the stubs
# beside this script: Bazel 4's own rules under their names (Debian's
# bazel-rules-cc is for a newer Bazel).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$1 command=$2
shift 2
options=()
if [[ $command == build ]]; then
  options=(--override_repository=rules_cc="$here"/rules_cc
           --override_repository=rules_java="$here"/rules_java)
fi
exec bazel --output_user_root="$root" --max_idle_secs=15 --nohome_rc \
  --noworkspace_rc "$command" "${options[@]}" "$@"
