-- Rows of one document whose evidence overlaps [start, end): parameters document_id, end, start.
SELECT * FROM {table} WHERE document_id = ? AND evidence_start < ? AND evidence_end > ? ORDER BY ALL
