-- At most two: more than one live document holding the text is ambiguous.
SELECT document_id, source_name, body, published_date
FROM dim_document
WHERE deleted_at IS NULL AND contains(body, ?)
ORDER BY document_id
LIMIT 2
