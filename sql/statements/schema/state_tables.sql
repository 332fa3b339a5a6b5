SELECT table_name, comment, sql FROM duckdb_tables()
WHERE database_name = current_database() ORDER BY ALL
