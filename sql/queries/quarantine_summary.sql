-- Question: what was refused, at which stage and why?
-- Parameters: none.
-- One row per (stage, reason): how many refusals, from how many source files, and when.
SELECT
    q.stage,
    q.reason,
    count(*) AS n_rows,
    count(DISTINCT q.source_name) AS n_sources,
    string_agg(DISTINCT q.source_name, ', ' ORDER BY q.source_name) AS sources,
    min(q.quarantined_at) AS first_quarantined_at,
    max(q.quarantined_at) AS last_quarantined_at
FROM quarantine q
GROUP BY q.stage, q.reason
ORDER BY q.stage, n_rows DESC, q.reason;
