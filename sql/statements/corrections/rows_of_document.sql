SELECT * FROM {table} WHERE document_id = ? ORDER BY ALL
