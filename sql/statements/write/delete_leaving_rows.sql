DELETE FROM {table} WHERE document_id IN (SELECT document_id FROM leaving_documents)
