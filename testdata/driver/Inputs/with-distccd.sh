#!/usr/bin/env bash
# with-distccd.sh LOG COMMAND [ARGS...]: run COMMAND with a distccd of its
# own as its only distcc host, then stop the daemon, whatever COMMAND did.
# The daemon listens on 127.0.0.1 on a free port and serves only that
# address; its log (--log-level=info: one COMPILE_OK line per compile it
# ran) goes to LOG. COMMAND gets DISTCC_HOSTS naming it and
# DISTCC_FALLBACK=0: a compile distcc cannot send there fails instead of
# running here. The exit status is COMMAND's. The daemon lives 60 seconds
# at most, even if this script is killed.
set -u
log=$1
shift
state=$(mktemp -d)
pid=
stop() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$state"
}
trap stop EXIT
trap 'exit 129' HUP INT TERM

# A port the kernel says is free; another program may take it before
# distccd binds it, so a daemon that does not listen is tried again.
for try in 1 2 3 4 5; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # As root distccd runs as the user distccd: its log is its stderr,
  # opened here, and its files go to /tmp (lit's TMPDIR is root's alone).
  TMPDIR=/tmp timeout 60 distccd --daemon --no-detach --listen 127.0.0.1 \
    --allow 127.0.0.1 --port "$port" --jobs 2 --log-stderr \
    --log-level=info </dev/null >/dev/null 2>"$log" &
  pid=$!
  for _ in $(seq 50); do
    grep -q 'listening on' "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  grep -q 'listening on' "$log" && break
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  pid=
done
if [[ -z $pid ]]; then
  echo "with-distccd.sh: distccd did not start:" >&2
  cat "$log" >&2
  exit 1
fi

# DISTCC_DIR: the client's state (its backoff from a host that failed)
# stays in this run.
DISTCC_HOSTS=127.0.0.1:$port/2 DISTCC_FALLBACK=0 DISTCC_DIR=$state \
  "$@"
