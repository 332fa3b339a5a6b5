SELECT column_name FROM duckdb_columns() WHERE table_name = 'dim_document'
