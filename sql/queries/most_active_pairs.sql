-- Question: which pairs of states or blocs have the most recorded events, across all fact tables?
-- Parameters:
--   $top_n  how many pairs to return, e.g. 20
-- Pairs are unordered (side_1 < side_2). Rows with an unnamed side, and statements (which have no
-- counterpart), are left out. Counts per kind show what the activity consists of.
SELECT
    least(e.actor_code, e.counterpart_code) AS side_1,
    greatest(e.actor_code, e.counterpart_code) AS side_2,
    count(*) AS n_events,
    count(*) FILTER (WHERE e.event_kind = 'deal') AS n_deals,
    count(*) FILTER (WHERE e.event_kind = 'gift') AS n_gifts,
    count(*) FILTER (WHERE e.event_kind = 'sanction') AS n_sanctions,
    count(*) FILTER (WHERE e.event_kind = 'meeting') AS n_meetings,
    count(*) FILTER (WHERE e.event_kind = 'trade') AS n_trade_figures,
    count(DISTINCT e.document_id) AS n_documents,
    round(avg(e.goldstein_score), 2) AS avg_goldstein
FROM v_bilateral_event e
WHERE e.actor_code IS NOT NULL
  AND e.counterpart_code IS NOT NULL
  AND e.actor_code <> e.counterpart_code
GROUP BY side_1, side_2
ORDER BY n_events DESC, side_1, side_2
LIMIT $top_n;
