#!/bin/sh
# locked.sh DB CMD...: run CMD while another connection holds an exclusive
# lock on DB; prints CMD's output and "exit=<status>".
db=$1; shift
fifo=$db.fifo
marker=$db.held
rm -f "$fifo" "$marker"
mkfifo "$fifo"
sqlite3 "$db" < "$fifo" &
holder=$!
exec 3> "$fifo"
echo "BEGIN EXCLUSIVE; INSERT INTO meta VALUES ('lock', 'held');" >&3
echo ".shell touch '$marker'" >&3
i=0
while [ ! -f "$marker" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
"$@"
echo "exit=$?"
echo "ROLLBACK;" >&3
exec 3>&-
wait "$holder"
rm -f "$fifo" "$marker"
