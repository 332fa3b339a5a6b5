SELECT * EXCLUDE (applied_at) FROM schema_migrations ORDER BY ALL
