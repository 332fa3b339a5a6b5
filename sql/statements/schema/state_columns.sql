SELECT table_name, column_name, data_type, column_default, is_nullable, comment
FROM duckdb_columns() WHERE database_name = current_database() ORDER BY ALL
