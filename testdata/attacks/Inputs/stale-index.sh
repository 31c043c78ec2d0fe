#!/bin/sh
# stale-index.sh DB: damage DB the way quick_check lets through: its
# findings rows change while the index on their fingerprints keeps the old
# entries (the index is hidden from SQLite while the rows are updated).
set -e
root=$(sqlite3 "$1" "SELECT rootpage FROM sqlite_schema WHERE name = 'findings_fingerprint'")
sqlite3 "$1" "PRAGMA writable_schema = ON; DELETE FROM sqlite_schema WHERE name = 'findings_fingerprint'"
sqlite3 "$1" "UPDATE findings SET fingerprint = 'moved', id = id + 100"
sqlite3 "$1" "PRAGMA writable_schema = ON; INSERT INTO sqlite_schema VALUES ('index', 'findings_fingerprint', 'findings', $root, 'CREATE INDEX findings_fingerprint ON findings(fingerprint)')"
