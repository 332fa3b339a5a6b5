CREATE TABLE IF NOT EXISTS quarantine (
    quarantine_id  VARCHAR PRIMARY KEY,
    source_name    VARCHAR NOT NULL,
    stage          VARCHAR NOT NULL,
    reason         VARCHAR NOT NULL,
    detail         VARCHAR,
    quarantined_at TIMESTAMPTZ NOT NULL,
    document_id    VARCHAR,
    table_name     VARCHAR,
    check_name     VARCHAR,
    column_name    VARCHAR,
    failure_value  VARCHAR
);
COMMENT ON TABLE quarantine IS 'One row per input file or extracted row that was refused, with the reason; a refused input never stops the rest of a run.';
COMMENT ON COLUMN quarantine.quarantine_id IS 'Stable id derived from source, stage, reason and detail, so reruns do not duplicate rows.';
COMMENT ON COLUMN quarantine.source_name IS 'Raw file the refused input or row came from (relative to the raw directory).';
COMMENT ON COLUMN quarantine.stage IS 'Pipeline stage that refused it: ingest, nlp, extract, validate or warehouse.';
COMMENT ON COLUMN quarantine.reason IS 'Machine-readable reason, e.g. empty_file, binary_file, file_too_large, schema_check_failed.';
COMMENT ON COLUMN quarantine.detail IS 'Human-readable explanation.';
COMMENT ON COLUMN quarantine.quarantined_at IS 'When the refusal was first recorded (kept on reruns).';
COMMENT ON COLUMN quarantine.document_id IS 'Document the refused row belongs to, when it got that far.';
COMMENT ON COLUMN quarantine.table_name IS 'Extracted table the refused row belongs to (validate stage).';
COMMENT ON COLUMN quarantine.check_name IS 'Pandera check that failed (validate stage).';
COMMENT ON COLUMN quarantine.column_name IS 'Column whose check failed (validate stage).';
COMMENT ON COLUMN quarantine.failure_value IS 'The offending value, as text.';
