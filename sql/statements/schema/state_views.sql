SELECT view_name, sql, comment FROM duckdb_views()
WHERE database_name = current_database() AND NOT internal ORDER BY ALL
