-- Question: who said what, and through which news agency or outlet was it reported?
-- Parameters: none.
-- One row per quotation, grouped by speaker (most quoted first); reported_via is NULL when the
-- article does not attribute the quote to an agency; actor_role comes from dim_actor.
SELECT
    s.speaker_name,
    s.speaker_code,
    a.role AS actor_role,
    count(*) OVER (PARTITION BY s.speaker_name) AS n_quotes_by_speaker,
    s.reported_via,
    s.quote_text,
    s.event_date,
    s.document_id,
    s.fact_statement_id
FROM fact_statement s
LEFT JOIN dim_actor a ON a.actor_id = s.speaker_actor_id
ORDER BY n_quotes_by_speaker DESC, s.speaker_name NULLS LAST, s.document_id, s.evidence_start;
