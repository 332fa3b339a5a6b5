SELECT document_id, source_name FROM dim_document WHERE deleted_at IS NULL
