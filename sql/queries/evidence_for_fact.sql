-- Question: what is the evidence for a fact, and which document does it come from?
-- Parameters:
--   $fact_id  primary key of any fact row (fact_deal_id, fact_gift_id, ..., as in v_bilateral_event.fact_id)
-- One row (none if the id is unknown). body_span is re-cut from dim_document.body with the stored
-- offsets, so evidence_matches_body shows whether the offsets still point at the evidence.
SELECT
    e.fact_id,
    e.event_kind,
    e.summary,
    e.evidence_text,
    e.evidence_start,
    e.evidence_end,
    substring(d.body, e.evidence_start + 1, e.evidence_end - e.evidence_start) AS body_span,
    substring(d.body, e.evidence_start + 1, e.evidence_end - e.evidence_start) = e.evidence_text
        AS evidence_matches_body,
    e.confidence,
    d.document_id,
    d.source_name,
    d.title,
    d.published_date,
    d.publisher,
    d.url
FROM v_bilateral_event e
JOIN dim_document d USING (document_id)
WHERE e.fact_id = $fact_id;
