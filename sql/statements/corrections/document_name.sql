SELECT source_name FROM dim_document WHERE document_id = ?
