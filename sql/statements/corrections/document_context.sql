SELECT document_id, body AS doc_body, n_chars AS doc_n_chars, published_date AS doc_published_date
FROM dim_document
WHERE list_contains(?::VARCHAR[], document_id)
