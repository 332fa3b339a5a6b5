-- Live documents no live file name holds.
SELECT count(*) FROM dim_document d WHERE deleted_at IS NULL AND NOT EXISTS (
    SELECT 1 FROM document_source s WHERE s.document_id = d.document_id AND s.deleted_at IS NULL)
