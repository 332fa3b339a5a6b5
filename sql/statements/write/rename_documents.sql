UPDATE dim_document SET source_name = r.source_name FROM renamed_documents r
WHERE dim_document.document_id = r.document_id
