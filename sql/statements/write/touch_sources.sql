UPDATE document_source SET last_seen_at = ? WHERE deleted_at IS NULL
AND source_name IN (SELECT source_name FROM held_sources)
