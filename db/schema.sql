-- The cescape findings database: the one definition of its tables, used by
-- the plugin (which writes it) and the cescape tool (which reads it). A
-- database is the current state of a build tree: re-analysing a translation
-- unit replaces that unit's rows. Paths are relative to the project root.
-- Bump CESCAPE_SCHEMA_VERSION in db/CMakeLists.txt when this file changes.

CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One row per analysed translation unit (its main file), with how it was
-- compiled, so that `cescape resolve` can analyse it again.
CREATE TABLE IF NOT EXISTS units (
  id          INTEGER PRIMARY KEY,
  path        TEXT NOT NULL UNIQUE,
  analysed_at TEXT NOT NULL,
  compiler    TEXT,              -- the clang executable
  directory   TEXT,              -- its working directory
  command     TEXT               -- JSON array of its clang -cc1 arguments
);

-- The escape summaries of the externally visible functions a unit defines
-- (Go's export data): calls from other units use them.
CREATE TABLE IF NOT EXISTS functions (
  name    TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  summary TEXT NOT NULL,         -- JSON, see plugin/escape/Export.h
  PRIMARY KEY (name, unit_id)
) WITHOUT ROWID;

-- The other units' summaries a unit's verdicts were computed with, as they
-- were then ('' when none was known). A unit whose uses differ from the
-- current summaries is stale: `cescape resolve` analyses it again.
CREATE TABLE IF NOT EXISTS summary_uses (
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  name    TEXT NOT NULL,
  summary TEXT NOT NULL,
  PRIMARY KEY (unit_id, name)
) WITHOUT ROWID;

-- The program's calls between units: for each externally visible function
-- a unit defines, the externally visible functions without a body there
-- that it calls, directly or through functions of its own unit. A fact of
-- the unit's source alone (it needs no summary). One row per caller, its
-- callees a JSON array of names (json_each): a row per call was most of
-- what a compile spent writing the database.
CREATE TABLE IF NOT EXISTS calls (
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  caller  TEXT NOT NULL,
  callees TEXT NOT NULL,
  PRIMARY KEY (unit_id, caller)
) WITHOUT ROWID;

-- The cycles of `calls` (functions of one name are one node), which
-- `cescape resolve` computes (its strongly connected components): each
-- function on one, with the cycle's name (the least name on it). A
-- function not listed is on none.
CREATE TABLE IF NOT EXISTS cycles (
  name  TEXT PRIMARY KEY,
  cycle TEXT NOT NULL
) WITHOUT ROWID;

-- The cycles a unit's verdicts were computed with: for each function it
-- defines or calls in `calls`, its cycle then ('' for none). A unit whose
-- uses differ from `cycles` is stale.
CREATE TABLE IF NOT EXISTS cycle_uses (
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  name    TEXT NOT NULL,
  cycle   TEXT NOT NULL,
  PRIMARY KEY (unit_id, name)
) WITHOUT ROWID;

-- The summary a call to a function of another unit uses: the one
-- definition's; for a name several units define with different summaries
-- (each program of a tree its own cleanup_exit, a file compiled twice) a
-- JSON array of the distinct ones in text order, which the plugin joins
-- (a call may link to any); none ('') when their parameter counts differ
-- or one is no JSON.
CREATE VIEW IF NOT EXISTS current_summaries AS
  SELECT name, CASE
    WHEN count(DISTINCT summary) = 1 THEN max(summary)
    WHEN min(json_valid(summary)) = 0 OR count(DISTINCT json_array_length(
        iif(json_valid(summary), summary, NULL), '$.params')) > 1 THEN ''
    ELSE (SELECT '[' || group_concat(d.summary, ',') || ']'
          FROM (SELECT DISTINCT summary FROM functions
                WHERE name = f.name ORDER BY summary) d)
  END AS summary
  FROM functions f GROUP BY name;

-- Units analysed with summaries or cycles that have changed since.
CREATE VIEW IF NOT EXISTS stale_units AS
  SELECT u.* FROM units u
  WHERE EXISTS (SELECT 1 FROM summary_uses s WHERE s.unit_id = u.id
    AND s.summary IS NOT coalesce(
      (SELECT c.summary FROM current_summaries c WHERE c.name = s.name), ''))
  OR EXISTS (SELECT 1 FROM cycle_uses y WHERE y.unit_id = u.id
    AND y.cycle IS NOT coalesce(
      (SELECT c.cycle FROM cycles c WHERE c.name = y.name), ''));

-- Every allocation site's verdict and every other finding.
CREATE TABLE IF NOT EXISTS findings (
  id          INTEGER PRIMARY KEY,
  unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  rule        TEXT NOT NULL,     -- a rule's name from db/rules.def
  severity    TEXT NOT NULL,     -- remark, warning (as the compiler printed it)
  path        TEXT NOT NULL,
  line        INTEGER NOT NULL,
  col         INTEGER NOT NULL,
  function    TEXT NOT NULL,
  message     TEXT NOT NULL,
  reason      TEXT,              -- escape reason word
  size        INTEGER,           -- bytes, when constant
  fingerprint TEXT NOT NULL,     -- stable across line moves and unrelated edits
  printed     INTEGER NOT NULL,  -- shown as a diagnostic in this build
  suppressed  INTEGER NOT NULL,  -- by a cescape:ignore[rule] comment: never gated
  record_id   INTEGER REFERENCES records(id) ON DELETE CASCADE, -- false-sharing: the layout
  end_line    INTEGER,           -- the end (exclusive) of the expression or
  end_col     INTEGER            -- name at line:col, when the compiler could lex it
);
CREATE INDEX IF NOT EXISTS findings_unit ON findings(unit_id);
CREATE INDEX IF NOT EXISTS findings_fingerprint ON findings(fingerprint);

-- The layout of every struct a false-sharing rule flags, as the compiler
-- laid it out for the unit's target, so the report can draw it.
CREATE TABLE IF NOT EXISTS records (
  id        INTEGER PRIMARY KEY,
  unit_id   INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  name      TEXT NOT NULL,       -- as spelled in C: "struct queue", a typedef name
  path      TEXT NOT NULL,
  line      INTEGER NOT NULL,
  size      INTEGER NOT NULL,    -- bytes
  align     INTEGER NOT NULL,    -- bytes
  cacheline INTEGER NOT NULL     -- bytes, of the unit's target or cacheline=
);
CREATE INDEX IF NOT EXISTS records_unit ON records(unit_id);

-- The fields of a record in declaration order. Holes are the gaps between
-- offset + size and the next field's offset (or the record's size).
CREATE TABLE IF NOT EXISTS fields (
  record_id  INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  name       TEXT NOT NULL,
  type       TEXT NOT NULL,
  offset     INTEGER NOT NULL,   -- bytes from the start of the record
  size       INTEGER NOT NULL,   -- bytes (bit-fields: the bytes they touch)
  bit_offset INTEGER,            -- bit-fields only: bit within the record
  bit_width  INTEGER,            -- bit-fields only
  contention TEXT,               -- why it is contended (atomic, lock, thread-written), or NULL
  PRIMARY KEY (record_id, seq)
) WITHOUT ROWID;

-- The flow path of a finding (Go's -m=2 steps) and its notes, in order.
CREATE TABLE IF NOT EXISTS steps (
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  path       TEXT,
  line       INTEGER,
  col        INTEGER,
  message    TEXT NOT NULL,
  end_line   INTEGER,            -- the end (exclusive) of the expression at
  end_col    INTEGER,            -- line:col, when the compiler could lex it
  PRIMARY KEY (finding_id, seq)
) WITHOUT ROWID;

-- The edits of a finding's fix-it; end_col is exclusive.
CREATE TABLE IF NOT EXISTS fixits (
  finding_id  INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  path        TEXT NOT NULL,
  line        INTEGER NOT NULL,
  col         INTEGER NOT NULL,
  end_line    INTEGER NOT NULL,
  end_col     INTEGER NOT NULL,
  replacement TEXT NOT NULL,
  PRIMARY KEY (finding_id, seq)
) WITHOUT ROWID;

-- File texts by content hash, so a report renders without the tree.
CREATE TABLE IF NOT EXISTS sources (
  hash TEXT PRIMARY KEY,
  text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS unit_sources (
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  path    TEXT NOT NULL,
  hash    TEXT NOT NULL REFERENCES sources(hash),
  PRIMARY KEY (unit_id, path)
);

-- The heap profile "cescape profile --db" recorded last, per allocation
-- site (the path, line and col of findings): what was allocated there
-- (alloc_*) and not freed when the program ended (inuse_*), objects and
-- bytes, scaled from the samples like pprof's. Joined to findings by site;
-- meta 'profile' describes the run.
CREATE TABLE IF NOT EXISTS profile_sites (
  path          TEXT NOT NULL,
  line          INTEGER NOT NULL,
  col           INTEGER NOT NULL,
  alloc_objects INTEGER NOT NULL,
  alloc_space   INTEGER NOT NULL,
  inuse_objects INTEGER NOT NULL,
  inuse_space   INTEGER NOT NULL,
  PRIMARY KEY (path, line, col)
) WITHOUT ROWID;
