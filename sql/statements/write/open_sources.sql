INSERT INTO document_source (source_name, document_id, first_seen_at, last_seen_at)
SELECT o.source_name, o.document_id, ?, ? FROM opening_sources o
WHERE NOT EXISTS (SELECT 1 FROM document_source s
                  WHERE s.source_name = o.source_name AND s.document_id = o.document_id)
