-- The live document a file name holds now (an edited file holds a new document).
SELECT d.document_id, d.source_name, d.body, d.published_date
FROM document_source s
JOIN dim_document d USING (document_id)
WHERE s.source_name = ? AND s.deleted_at IS NULL AND d.deleted_at IS NULL
ORDER BY d.document_id
