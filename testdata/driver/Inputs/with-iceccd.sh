#!/usr/bin/env bash
# with-iceccd.sh LOG COMMAND [ARGS...]: run COMMAND with an icecream network
# of its own, an icecc-scheduler and an iceccd on 127.0.0.1, then stop both,
# whatever COMMAND did. The network has a name of its own and free ports;
# the daemon is its only host and the scheduler's address is given to it,
# so no other icecream network is asked or answers. COMMAND gets
# ICECC_TEST_SOCKET (icecc's way to name the daemon's socket, instead of
# the system's /var/run/icecc), ICECC_DEBUG=debug and ICECC_LOGFILE: when
# COMMAND has ended, LOG holds the clients' log (what each icecc was given
# and which host the scheduler gave it) followed by the daemon's. The exit
# status is COMMAND's. Scheduler and daemon live 300 seconds at most, even
# if this script is killed.
set -u
log=$1
shift
state=$(TMPDIR=/tmp mktemp -d)
pids=()
stop() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  cat "$state"/client.log "$state"/iceccd.log > "$log" 2>/dev/null
  rm -rf "$state"
}
trap stop EXIT
trap 'exit 129' HUP INT TERM
# As root both drop to the user icecc, which writes their logs and the
# daemon's compiler environments here.
[[ $(id -u) != 0 ]] || chown icecc "$state"

# Ports the kernel says are free (the scheduler takes P and P + 1); another
# program may take them before the scheduler binds them, so a scheduler
# that does not listen is tried again.
for try in 1 2 3 4 5; do
  port=$(python3 -c '
import socket
for _ in range(50):
    a = socket.socket(); a.bind(("127.0.0.1", 0)); p = a.getsockname()[1]
    b = socket.socket()
    try:
        b.bind(("127.0.0.1", p + 1)); print(p); break
    except OSError:
        pass')
  timeout 300 icecc-scheduler -i lo -p "$port" -n "cescape-$port" -vv \
    -l "$state"/scheduler.log </dev/null >/dev/null 2>&1 &
  pids=($!)
  for _ in $(seq 50); do
    grep -q 'scheduler ready' "$state"/scheduler.log 2>/dev/null && break
    kill -0 "${pids[0]}" 2>/dev/null || break
    sleep 0.1
  done
  grep -q 'scheduler ready' "$state"/scheduler.log 2>/dev/null && break
  kill "${pids[0]}" 2>/dev/null
  wait "${pids[0]}" 2>/dev/null
  pids=()
done
if ((${#pids[@]} == 0)); then
  echo "with-iceccd.sh: icecc-scheduler did not start:" >&2
  cat "$state"/scheduler.log >&2
  exit 1
fi

# --no-remote: the daemon takes no jobs from other hosts.
export ICECC_TEST_SOCKET=$state/socket
timeout 300 iceccd --no-remote -i lo -s 127.0.0.1:"$port" \
  -n "cescape-$port" -N cescape -m 2 -b "$state"/envs \
  -l "$state"/iceccd.log -vv </dev/null >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 300); do
  grep -q 'Connected to scheduler' "$state"/iceccd.log 2>/dev/null && break
  kill -0 "${pids[1]}" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q 'Connected to scheduler' "$state"/iceccd.log 2>/dev/null; then
  echo "with-iceccd.sh: iceccd did not join the scheduler:" >&2
  cat "$state"/iceccd.log >&2
  exit 1
fi

# The compiler environment icecc makes for a compile it could send away
# is not compressed: gzip took 104 s over clang-19's libraries on 2 busy
# cores, none 14 s.
ICECC_DEBUG=debug ICECC_LOGFILE=$state/client.log ICECC_ENV_COMPRESSION=none \
  "$@"
