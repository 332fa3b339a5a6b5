UPDATE dim_document SET deleted_at = ? WHERE deleted_at IS NULL
AND document_id IN (SELECT document_id FROM leaving_documents)
