-- struct queue of queue.c as x86-64 lays it out (cache line 64): holes at
-- 49-55 and 68-71, tail padding 132-135, big crossing the line at 128.
INSERT INTO records(id, unit_id, name, path, line, size, align, cacheline)
VALUES (1, 1, 'struct queue', 'queue.c', 3, 136, 8, 64),
       (2, 1, 'struct pair', 'queue.c', 3, 16, 8, 128);
INSERT INTO fields(record_id, seq, name, type, offset, size, contention)
VALUES (1, 0, 'head', 'long', 0, 8, 'atomic'),
       (1, 1, 'lock', 'char[40]', 8, 40, 'lock'),
       (1, 2, 'flag', 'char', 48, 1, NULL),
       (1, 3, 'tail', 'long', 56, 8, 'atomic'),
       (1, 4, 'count', 'int', 64, 4, NULL),
       (1, 5, 'big', 'char[60]', 72, 60, 'thread-written'),
       (2, 0, 'a', 'long', 0, 8, NULL),
       (2, 1, 'b', 'long', 8, 8, 'atomic');
UPDATE findings SET record_id = 1;
