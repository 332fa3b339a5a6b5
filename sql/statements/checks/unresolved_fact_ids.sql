-- Rows of one table (event_mention or bridge_event_party) pointing at one fact table (the first
-- parameter) whose fact_id is not a row of it: parameters are the fact table, its id column, the fact table.
SELECT count(*) FROM {table} x
WHERE x.fact_table = ? AND x.fact_id NOT IN (SELECT COLUMNS(lambda c: c = ?) FROM query_table(?))
