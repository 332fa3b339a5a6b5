-- Question: which ingested documents produced no fact at all (in any of the six fact tables)?
-- Parameters: none.
-- Useful to find articles the extractor misses or that are off-topic.
SELECT
    d.document_id,
    d.source_name,
    d.title,
    d.published_date,
    d.n_chars,
    d.extractor_version,
    d.ingested_at
FROM dim_document d
WHERE NOT EXISTS (SELECT 1 FROM fact_deal f WHERE f.document_id = d.document_id)
  AND NOT EXISTS (SELECT 1 FROM fact_gift f WHERE f.document_id = d.document_id)
  AND NOT EXISTS (SELECT 1 FROM fact_sanction f WHERE f.document_id = d.document_id)
  AND NOT EXISTS (SELECT 1 FROM fact_meeting f WHERE f.document_id = d.document_id)
  AND NOT EXISTS (SELECT 1 FROM fact_trade f WHERE f.document_id = d.document_id)
  AND NOT EXISTS (SELECT 1 FROM fact_statement f WHERE f.document_id = d.document_id)
ORDER BY d.source_name, d.document_id;
