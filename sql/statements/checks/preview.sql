-- The first rows of one table (named by the first parameter) in a stable order, without document bodies.
SELECT COLUMNS(lambda c: c <> 'body') FROM query_table(?) ORDER BY ALL LIMIT ?
