-- Question: how many meetings, visits, talks and calls did each pair of states have per year?
-- Parameters: none.
-- Pairs are unordered (state_1 < state_2 alphabetically), so MMR visiting RUS and RUS hosting MMR
-- count for the same pair. year is NULL for meetings with no known date. Meetings with an unnamed
-- side are left out.
SELECT
    least(m.party_a_code, m.party_b_code) AS state_1,
    greatest(m.party_a_code, m.party_b_code) AS state_2,
    year(m.event_date) AS year,
    count(*) AS n_meetings,
    count(*) FILTER (WHERE m.status = 'held') AS n_held,
    count(*) FILTER (WHERE m.status = 'planned') AS n_planned,
    count(*) FILTER (WHERE m.status IN ('refused', 'cancelled')) AS n_refused_or_cancelled,
    string_agg(DISTINCT m.meeting_kind, ', ' ORDER BY m.meeting_kind) AS meeting_kinds
FROM fact_meeting m
WHERE m.party_a_code IS NOT NULL
  AND m.party_b_code IS NOT NULL
  AND m.party_a_code <> m.party_b_code
GROUP BY state_1, state_2, year
ORDER BY state_1, state_2, year NULLS LAST;
