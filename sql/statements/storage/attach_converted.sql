-- A new file (the parameter) in the published storage format: DuckDB 1.4's, which DuckDB 1.4, 1.5 and 2.x
-- read. Keep the version equal to pipelines.warehouse.STORAGE_VERSION (a test holds them equal).
ATTACH ? AS converted (STORAGE_VERSION 'v1.4.0')
