CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
COMMENT ON TABLE schema_migrations IS 'Numbered migrations from sql/migrations/ already applied to this warehouse.';
COMMENT ON COLUMN schema_migrations.version IS 'Migration number, the numeric prefix of its file name.';
COMMENT ON COLUMN schema_migrations.name IS 'Migration file name.';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When the migration ran.';
