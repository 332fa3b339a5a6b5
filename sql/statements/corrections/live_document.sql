SELECT document_id, source_name, body, published_date FROM dim_document WHERE document_id = ? AND deleted_at IS NULL
