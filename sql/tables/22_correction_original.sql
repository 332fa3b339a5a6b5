CREATE TABLE IF NOT EXISTS correction_original (
    fact_table         VARCHAR NOT NULL,
    fact_id            VARCHAR NOT NULL,
    document_id        VARCHAR NOT NULL,
    correction_id      VARCHAR NOT NULL,
    action             VARCHAR NOT NULL,
    original_row       VARCHAR NOT NULL,
    bridge_rows        VARCHAR,
    actor_ids          VARCHAR[],
    PRIMARY KEY (fact_table, fact_id)
);
COMMENT ON TABLE correction_original IS 'The extractor''s own version of every fact row a correction rejected or changed, so a correction removed from its file is undone exactly; rejected rows are read through v_rejected_fact.';
COMMENT ON COLUMN correction_original.fact_table IS 'Fact table of the row.';
COMMENT ON COLUMN correction_original.fact_id IS 'Id of the row (its <table>_id).';
COMMENT ON COLUMN correction_original.document_id IS 'Document of the row (dim_document).';
COMMENT ON COLUMN correction_original.correction_id IS 'The correction that rejected it, or the latest that changed it (correction.correction_id).';
COMMENT ON COLUMN correction_original.action IS 'reject (the row is out of the public tables) or set (the public row holds the corrected values).';
COMMENT ON COLUMN correction_original.original_row IS 'The row as the extractor gave it, every column, as JSON.';
COMMENT ON COLUMN correction_original.bridge_rows IS 'Its bridge_event_party rows as JSON (a rejected row of a multi-party event takes them out with it); NULL when none.';
COMMENT ON COLUMN correction_original.actor_ids IS 'dim_actor rows the extractor''s row points to: they are kept while the correction holds, for when it is undone.';
