-- Names of documents as their own fact (sql/tables/04_document_source.sql creates the table): warehouses
-- from before it existed get one name per document, the one dim_document.source_name holds.
INSERT INTO document_source (source_name, document_id, first_seen_at, last_seen_at, deleted_at)
SELECT source_name, document_id, ingested_at, coalesce(deleted_at, ingested_at), deleted_at
FROM dim_document
ON CONFLICT DO NOTHING;
