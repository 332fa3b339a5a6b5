-- Refusals are replaced by owner: an ingest row belongs to a file, a later stage's row to a document.
DELETE FROM quarantine
WHERE quarantine_id NOT IN (SELECT quarantine_id FROM incoming_quarantine)
  AND ((stage = 'ingest' AND source_name IN (SELECT source_name FROM quarantine_files))
    OR (stage <> 'ingest' AND document_id IN (SELECT document_id FROM quarantine_documents))
    OR (stage <> 'ingest' AND document_id IS NULL
        AND source_name IN (SELECT source_name FROM quarantine_seen)))
