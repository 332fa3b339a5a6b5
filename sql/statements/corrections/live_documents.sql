SELECT document_id FROM dim_document WHERE deleted_at IS NULL
