CREATE OR REPLACE TEMP TABLE replaced_documents AS
SELECT document_id, ingested_at FROM dim_document
WHERE document_id IN (SELECT document_id FROM incoming_documents)
