-- Question: how warm or hostile are relations between two states, year by year?
-- Parameters:
--   $country_a  state or bloc code, e.g. 'RUS'
--   $country_b  state or bloc code, e.g. 'MMR'
-- Warmth = average Goldstein score (-10 hostile .. +10 cooperative) of the pair's events in either
-- direction (v_bilateral_event; statements have no counterpart and do not count). year is NULL for
-- events with no known date; it is listed last.
SELECT
    year(e.event_date) AS year,
    count(*) AS n_events,
    round(avg(e.goldstein_score), 2) AS avg_goldstein,
    min(e.goldstein_score) AS min_goldstein,
    max(e.goldstein_score) AS max_goldstein,
    count(*) FILTER (WHERE e.goldstein_score > 0) AS n_cooperative,
    count(*) FILTER (WHERE e.goldstein_score < 0) AS n_hostile
FROM v_bilateral_event e
WHERE (e.actor_code = $country_a AND e.counterpart_code = $country_b)
   OR (e.actor_code = $country_b AND e.counterpart_code = $country_a)
GROUP BY year
ORDER BY year NULLS LAST;
