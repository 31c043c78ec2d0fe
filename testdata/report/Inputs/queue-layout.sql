-- struct queue of queue.c as x86-64 lays it out (cache line 64): holes at
-- 49-55 and 68-71, tail padding 132-135, big crossing the line at 128.
-- struct pair (cache line 128): two bit-fields sharing byte 16, then tail
-- padding 17-23.
INSERT INTO records(id, unit_id, name, path, line, size, align, cacheline)
VALUES (1, 1, 'struct queue', 'queue.c', 3, 136, 8, 64),
       (2, 1, 'struct pair', 'queue.c', 3, 24, 8, 128);
INSERT INTO fields(record_id, seq, name, type, offset, size, contention,
                   bit_offset, bit_width)
VALUES (1, 0, 'head', 'long', 0, 8, 'atomic', NULL, NULL),
       (1, 1, 'lock', 'char[40]', 8, 40, 'lock', NULL, NULL),
       (1, 2, 'flag', 'char', 48, 1, NULL, NULL, NULL),
       (1, 3, 'tail', 'long', 56, 8, 'atomic', NULL, NULL),
       (1, 4, 'count', 'int', 64, 4, NULL, NULL, NULL),
       (1, 5, 'big', 'char[60]', 72, 60, 'thread-written', NULL, NULL),
       (2, 0, 'a', 'long', 0, 8, NULL, NULL, NULL),
       (2, 1, 'b', 'long', 8, 8, 'atomic', NULL, NULL),
       (2, 2, 'c', 'unsigned', 16, 1, NULL, 128, 3),
       (2, 3, 'd', 'unsigned', 16, 1, NULL, 131, 2);
UPDATE findings SET record_id = 1;
