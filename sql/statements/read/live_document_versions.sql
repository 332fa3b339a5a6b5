SELECT document_id, extractor_version FROM dim_document WHERE deleted_at IS NULL
