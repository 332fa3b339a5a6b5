-- v_rejected_fact: the audit of rows analysts rejected. They are out of the fact tables and of
-- v_bilateral_event; here they are with the extractor's values and who rejected them, when and why.
CREATE OR REPLACE VIEW v_rejected_fact AS
SELECT
    o.fact_table,
    o.fact_id,
    o.document_id,
    d.source_name,
    json_extract_string(o.original_row, '$.evidence_text') AS evidence_text,
    o.original_row,
    o.correction_id,
    c.author,
    c.made_at,
    c.why
FROM correction_original o
LEFT JOIN correction c ON c.correction_id = o.correction_id
LEFT JOIN dim_document d ON d.document_id = o.document_id
WHERE o.action = 'reject';

COMMENT ON VIEW v_rejected_fact IS 'Audit: every fact row an analyst rejected, with the extractor''s values (original_row, JSON) and who rejected it, when and why. Rejected rows are in no fact table and not in v_bilateral_event.';
COMMENT ON COLUMN v_rejected_fact.fact_table IS 'Fact table the row belonged to.';
COMMENT ON COLUMN v_rejected_fact.fact_id IS 'Id the row had (its <table>_id).';
COMMENT ON COLUMN v_rejected_fact.document_id IS 'Article the row was extracted from (dim_document).';
COMMENT ON COLUMN v_rejected_fact.source_name IS 'Raw file of that article.';
COMMENT ON COLUMN v_rejected_fact.evidence_text IS 'The span the extractor read the row from.';
COMMENT ON COLUMN v_rejected_fact.original_row IS 'The row as the extractor gave it, as JSON.';
COMMENT ON COLUMN v_rejected_fact.correction_id IS 'The correction that rejected it (correction).';
COMMENT ON COLUMN v_rejected_fact.author IS 'Who rejected it.';
COMMENT ON COLUMN v_rejected_fact.made_at IS 'When.';
COMMENT ON COLUMN v_rejected_fact.why IS 'Why, in the analyst''s words.';
