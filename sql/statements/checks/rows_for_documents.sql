SELECT count(*) FROM {table} WHERE document_id IN (SELECT document_id FROM check_documents)
