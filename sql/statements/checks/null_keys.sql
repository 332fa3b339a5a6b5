-- Rows with a NULL in any key column: parameters are the table, the table again, and the key columns.
SELECT (SELECT count(*) FROM query_table(?))
     - (SELECT count(*) FROM query_table(?) WHERE COLUMNS(lambda c: list_contains(?::VARCHAR[], c)) IS NOT NULL)
