-- Every relation of v_bilateral_event with both sides named, and its article's publication date.
SELECT e.event_kind, e.actor_code, e.counterpart_code, e.event_date, e.goldstein_score, d.published_date,
       e.confidence
FROM v_bilateral_event e JOIN dim_document d USING (document_id)
WHERE e.actor_code IS NOT NULL AND e.counterpart_code IS NOT NULL
