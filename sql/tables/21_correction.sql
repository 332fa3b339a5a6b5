CREATE TABLE IF NOT EXISTS correction (
    correction_id      VARCHAR PRIMARY KEY,
    correction_file    VARCHAR NOT NULL,
    action             VARCHAR,
    fact_table         VARCHAR,
    document_id        VARCHAR,
    source_name        VARCHAR,
    fact_id            VARCHAR,
    evidence_text      VARCHAR,
    evidence_start     INTEGER,
    evidence_end       INTEGER,
    was                VARCHAR,
    changes            VARCHAR,
    author             VARCHAR,
    made_at            TIMESTAMPTZ,
    why                VARCHAR,
    state              VARCHAR NOT NULL,
    state_detail       VARCHAR,
    applied_fact_id    VARCHAR,
    applied_document_id VARCHAR
);
COMMENT ON TABLE correction IS 'One row per analyst correction in the corrections directory (corrections/*.yaml beside raw/), and per file that could not be read, with what became of it on the last write: applied, redundant (the extractor now says the same), orphaned (its row no longer exists) or refused (it breaks the contract). Rebuilt from the files on every write.';
COMMENT ON COLUMN correction.correction_id IS 'The correction''s id in its file (cor_...), stable across refreshes.';
COMMENT ON COLUMN correction.correction_file IS 'File that holds it, relative to the corrections directory.';
COMMENT ON COLUMN correction.action IS 'reject (the row is wrong), set (some of its columns are) or add (a row the extractor missed); NULL for an unreadable file.';
COMMENT ON COLUMN correction.fact_table IS 'Fact table of the row: fact_deal, fact_gift, fact_sanction, fact_meeting, fact_trade or fact_statement.';
COMMENT ON COLUMN correction.document_id IS 'Document the correction was made on (its content id when it was made; the row is found again by its evidence when the file changed since).';
COMMENT ON COLUMN correction.source_name IS 'Raw file of that document, relative to the raw directory.';
COMMENT ON COLUMN correction.fact_id IS 'Id of the row when the correction was made (rows are matched by content, not by this id).';
COMMENT ON COLUMN correction.evidence_text IS 'The evidence span of the row as the correction names it.';
COMMENT ON COLUMN correction.evidence_start IS 'Start offset of evidence_text in the body of document_id.';
COMMENT ON COLUMN correction.evidence_end IS 'End offset (exclusive) of evidence_text in the body of document_id.';
COMMENT ON COLUMN correction.was IS 'What the extractor''s row said when the correction was made (JSON: its sides, kind, status ...), used to find it again.';
COMMENT ON COLUMN correction.changes IS 'JSON of the columns a set changes, or of the whole row an add gives; NULL for a reject.';
COMMENT ON COLUMN correction.author IS 'Who made the correction.';
COMMENT ON COLUMN correction.made_at IS 'When the correction was made, as its file says.';
COMMENT ON COLUMN correction.why IS 'Why, in the analyst''s words.';
COMMENT ON COLUMN correction.state IS 'applied, redundant (the extractor already says this: the correction changes nothing), orphaned (no row of the warehouse matches it any more: check it) or refused (a bad file, code, status or value; state_detail says which).';
COMMENT ON COLUMN correction.state_detail IS 'Why the correction is redundant, orphaned or refused; NULL when applied.';
COMMENT ON COLUMN correction.applied_fact_id IS 'The row the correction applies to now (for an add, the row it added); NULL unless applied.';
COMMENT ON COLUMN correction.applied_document_id IS 'The document the correction found its evidence in on the last write (differs from document_id when the file changed since the correction was made); NULL when orphaned or refused.';
