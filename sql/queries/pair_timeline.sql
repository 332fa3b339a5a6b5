-- Question: what happened between two states, event by event (all fact kinds, either direction)?
-- Parameters:
--   $country_a  state or bloc code, e.g. 'RUS'
--   $country_b  state or bloc code, e.g. 'MMR'
-- One row per event of the pair from v_bilateral_event, oldest first, undated last.
SELECT
    e.event_date,
    e.date_precision,
    e.event_kind,
    e.actor_code,
    e.counterpart_code,
    e.status,
    e.summary,
    e.plover_event_type,
    e.cameo_code,
    e.cameo_name,
    e.goldstein_score,
    e.fact_id,
    e.document_id
FROM v_bilateral_event e
WHERE (e.actor_code = $country_a AND e.counterpart_code = $country_b)
   OR (e.actor_code = $country_b AND e.counterpart_code = $country_a)
ORDER BY e.event_date NULLS LAST, e.event_kind, e.summary, e.fact_id;
