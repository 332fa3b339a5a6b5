-- A document seen before keeps its first ingested_at, so reruns change nothing.
INSERT INTO dim_document BY NAME
SELECT i.* EXCLUDE (ingested_at), coalesce(r.ingested_at, i.ingested_at) AS ingested_at
FROM incoming_documents i LEFT JOIN replaced_documents r USING (document_id)
