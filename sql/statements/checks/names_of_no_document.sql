-- Live file names that hold no live document.
SELECT count(*) FROM document_source s WHERE deleted_at IS NULL AND NOT EXISTS (
    SELECT 1 FROM dim_document d WHERE d.document_id = s.document_id AND d.deleted_at IS NULL)
