-- A warehouse older than migration 001 has no deleted_at: every document is live.
SELECT document_id, extractor_version FROM dim_document
