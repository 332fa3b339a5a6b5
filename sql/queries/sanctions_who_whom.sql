-- Question: who sanctions whom, with which measure, and in what state (imposed, threatened, lifted ...)?
-- Parameters: none.
-- One row per (imposer, target, measure, status). imposer_code / target_code are NULL when the
-- article does not name that side (e.g. "sanctions against Russia" with no imposer).
SELECT
    s.imposer_code,
    s.target_code,
    s.measure,
    s.status,
    count(*) AS n_facts,
    count(DISTINCT s.document_id) AS n_documents,
    min(s.event_date) AS first_date,
    max(s.event_date) AS last_date
FROM fact_sanction s
GROUP BY s.imposer_code, s.target_code, s.measure, s.status
ORDER BY n_facts DESC, s.imposer_code NULLS LAST, s.target_code NULLS LAST, s.measure, s.status;
