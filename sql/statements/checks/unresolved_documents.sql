SELECT count(*) FROM {table} WHERE document_id NOT IN (SELECT document_id FROM dim_document)
