SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints()
WHERE database_name = current_database() ORDER BY ALL
