-- Tables and views of the attached warehouse.
SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()
UNION ALL
SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal
