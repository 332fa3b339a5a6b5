-- Rows of one fact table that belong to a live document.
SELECT count(*) FROM {table}
WHERE document_id IN (SELECT document_id FROM dim_document WHERE deleted_at IS NULL)
