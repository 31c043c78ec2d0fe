-- Every stored row of a database by its natural keys (not row ids or
-- times), one table after the other: two databases with equal output hold
-- the same findings, steps, fix-its, layouts, summaries and sources.
.mode list
.headers off
SELECT 'meta', key, value FROM meta ORDER BY key;
SELECT 'unit', path, compiler, directory, command FROM units ORDER BY path;
SELECT 'finding', u.path, f.rule, f.severity, f.path, f.line, f.col,
       f.function, f.message, f.reason, f.size, f.fingerprint, f.printed,
       f.suppressed, r.name, f.end_line, f.end_col
FROM findings f JOIN units u ON u.id = f.unit_id
LEFT JOIN records r ON r.id = f.record_id
ORDER BY u.path, f.path, f.line, f.col, f.rule, f.fingerprint;
SELECT 'step', u.path, f.fingerprint, s.seq, s.path, s.line, s.col, s.message,
       s.end_line, s.end_col
FROM steps s JOIN findings f ON f.id = s.finding_id
JOIN units u ON u.id = f.unit_id ORDER BY 2, 3, 4;
SELECT 'fixit', u.path, f.fingerprint, x.seq, x.path, x.line, x.col,
       x.end_line, x.end_col, x.replacement
FROM fixits x JOIN findings f ON f.id = x.finding_id
JOIN units u ON u.id = f.unit_id ORDER BY 2, 3, 4;
SELECT 'record', u.path, r.name, r.path, r.line, r.size, r.align, r.cacheline
FROM records r JOIN units u ON u.id = r.unit_id ORDER BY 2, 3, 4;
SELECT 'field', u.path, r.name, d.seq, d.name, d.type, d.offset, d.size,
       d.bit_offset, d.bit_width, d.contention
FROM fields d JOIN records r ON r.id = d.record_id
JOIN units u ON u.id = r.unit_id ORDER BY 2, 3, 4;
SELECT 'function', u.path, f.name, f.summary
FROM functions f JOIN units u ON u.id = f.unit_id ORDER BY 2, 3;
SELECT 'use', u.path, s.name, s.summary
FROM summary_uses s JOIN units u ON u.id = s.unit_id ORDER BY 2, 3;
SELECT 'source', u.path, s.path, s.hash, length(t.text)
FROM unit_sources s JOIN units u ON u.id = s.unit_id
JOIN sources t ON t.hash = s.hash ORDER BY 2, 3;
