-- The rows the extractor gave for the documents: the table's rows but those analysts added, and the rows
-- analysts rejected (pipelines/correcting.py). Parameters: the fact table's name, twice.
SELECT
    (SELECT count(*) FROM {table}
     WHERE document_id IN (SELECT document_id FROM check_documents)
       AND NOT (coalesce(corrected, false)
                AND {column} NOT IN (SELECT fact_id FROM correction_original WHERE fact_table = ?)))
    + (SELECT count(*) FROM correction_original
       WHERE fact_table = ? AND action = 'reject' AND document_id IN (SELECT document_id FROM check_documents))
