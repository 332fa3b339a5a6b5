-- v_correction_audit: every correction with what became of it on the last write and, for a row it
-- changed, the extractor's values beside it.
CREATE OR REPLACE VIEW v_correction_audit AS
SELECT
    c.correction_id,
    c.action,
    c.fact_table,
    c.state,
    c.state_detail,
    c.applied_fact_id,
    coalesce(c.applied_document_id, c.document_id) AS document_id,
    c.source_name,
    c.evidence_text,
    c.changes,
    o.original_row,
    c.author,
    c.made_at,
    c.why,
    c.correction_file
FROM correction c
LEFT JOIN correction_original o ON o.fact_table = c.fact_table AND o.fact_id = c.applied_fact_id;

COMMENT ON VIEW v_correction_audit IS 'Audit: every analyst correction (correction) with its state on the last write and, for a row it rejected or changed, the extractor''s own values (original_row).';
COMMENT ON COLUMN v_correction_audit.correction_id IS 'The correction''s id (correction).';
COMMENT ON COLUMN v_correction_audit.action IS 'reject, set or add.';
COMMENT ON COLUMN v_correction_audit.fact_table IS 'Fact table of the row.';
COMMENT ON COLUMN v_correction_audit.state IS 'applied, redundant, orphaned or refused (correction.state).';
COMMENT ON COLUMN v_correction_audit.state_detail IS 'Why it is redundant, orphaned or refused.';
COMMENT ON COLUMN v_correction_audit.applied_fact_id IS 'The row it applies to now (for an add, the row it added).';
COMMENT ON COLUMN v_correction_audit.document_id IS 'Document of that row (or, when it applies to none, the one it was made on).';
COMMENT ON COLUMN v_correction_audit.source_name IS 'Raw file of the document, as the correction names it.';
COMMENT ON COLUMN v_correction_audit.evidence_text IS 'The evidence span as the correction names it.';
COMMENT ON COLUMN v_correction_audit.changes IS 'JSON of what a set changes or an add gives.';
COMMENT ON COLUMN v_correction_audit.original_row IS 'The extractor''s row before the correction, as JSON (NULL for an add, or when it applies to none).';
COMMENT ON COLUMN v_correction_audit.author IS 'Who made the correction.';
COMMENT ON COLUMN v_correction_audit.made_at IS 'When.';
COMMENT ON COLUMN v_correction_audit.why IS 'Why.';
COMMENT ON COLUMN v_correction_audit.correction_file IS 'File that holds it, relative to the corrections directory.';
