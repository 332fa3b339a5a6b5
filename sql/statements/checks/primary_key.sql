-- The primary key columns of one table (the parameter).
SELECT constraint_column_names FROM duckdb_constraints()
WHERE database_name = current_database() AND table_name = ? AND constraint_type = 'PRIMARY KEY'
