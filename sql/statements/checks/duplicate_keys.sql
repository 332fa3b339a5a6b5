-- Key values held by more than one row: parameters are the key columns and the table.
SELECT count(*) FROM (
    SELECT COLUMNS(lambda c: list_contains(?::VARCHAR[], c)) FROM query_table(?) GROUP BY ALL HAVING count(*) > 1
)
