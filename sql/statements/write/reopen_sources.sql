UPDATE document_source SET deleted_at = NULL, last_seen_at = ? FROM opening_sources o
WHERE document_source.source_name = o.source_name AND document_source.document_id = o.document_id
