#!/usr/bin/env bash
# Makes a project whose file names and code carry markup payloads, analyses
# it into DIR/plain.db, and copies that into DIR/hostile.db with payloads in
# function names, messages, flow steps and a struct layout, plus 250 copies
# of a heap-to-stack finding (new against plain.db, as the gate counts: a
# default rule; and enough rows to page through).
#
# Usage: hostile.sh DIR CLANG PLUGIN
set -euo pipefail
dir=$1 clang=$2 plugin=$3
script='<script>window.__pwned=1;alert(1)</script>'
img='"><img src=x onerror=window.__pwned=1;alert(1)>'
sep=$(printf '\342\200\250') # U+2028 LINE SEPARATOR
project=$dir/project
# The directory ends before the '/' of "</script>": the path has it whole.
mkdir -p "$project/.git" "$project/x<script>window.__pwned=1;alert(1)<"
for name in "x$script.c" "$img.c" "line${sep}separator.c"; do
  cat >"$project/$name" <<EOF
#include <stdlib.h>
/* $script $img </script> ${sep} end */
#define PAYLOAD "$script"
char *keep;
char *leak(void) {
  char *p = malloc(sizeof PAYLOAD "\\"><img src=x onerror=window.__pwned=1>");
  keep = p;
  return p;
}
int local(void) {
  char *p = malloc(sizeof "</script><script>window.__pwned=1;alert(1)</script>");
  p[0] = 0;
  int r = p[0];
  free(p);
  return r;
}
EOF
  (cd "$project" && "$clang" -fsyntax-only -w -fplugin="$plugin" \
    -fplugin-arg-cescape-db="$dir/plain.db" "$name" 2>/dev/null)
done

cp "$dir/plain.db" "$dir/hostile.db"
sqlite3 "$dir/hostile.db" <<EOF
UPDATE findings SET function = '$script' || function
 WHERE id = (SELECT min(id) FROM findings WHERE rule = 'heap-to-stack');
UPDATE findings SET message = message || ' ''$img'' </script> ' || char(0x2028)
 WHERE id = (SELECT max(id) FROM findings);
UPDATE steps SET message = message || ' $script';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
INSERT INTO findings(unit_id, rule, severity, path, line, col, function,
  message, reason, size, fingerprint, printed, suppressed)
SELECT unit_id, rule, severity, path, line, col, function, message || ' #' || i,
  reason, size, fingerprint || '-' || i, printed, suppressed
  FROM findings, n
 WHERE id = (SELECT min(id) FROM findings WHERE rule = 'heap-to-stack');
INSERT INTO records(id, unit_id, name, path, line, size, align, cacheline)
SELECT 1, unit_id, 'struct $script', path, 2, 24, 8, 64
  FROM findings WHERE id = (SELECT min(id) FROM findings);
INSERT INTO fields(record_id, seq, name, type, offset, size, contention)
VALUES (1, 0, '''$img''', '$script *', 0, 8, 'atomic </script>'),
       (1, 1, 'n', 'int', 16, 4, NULL);
UPDATE findings SET record_id = 1 WHERE id = (SELECT min(id) FROM findings);
EOF
