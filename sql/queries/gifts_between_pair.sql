-- Question: which gifts, donations, aid and deliveries went between two states (in either direction)?
-- Parameters:
--   $country_a  state or bloc code, e.g. 'RUS'
--   $country_b  state or bloc code, e.g. 'MMR'
-- One row per fact_gift row whose giver and receiver are the two codes, either way round;
-- oldest first, undated last.
SELECT
    g.fact_gift_id,
    g.giver_code,
    g.receiver_code,
    g.item,
    g.item_category,
    g.quantity,
    g.quantity_unit,
    g.transfer_kind,
    g.status,
    g.occasion,
    g.recipient_institution,
    g.event_date,
    g.date_precision,
    g.document_id,
    g.evidence_text
FROM fact_gift g
WHERE (g.giver_code = $country_a AND g.receiver_code = $country_b)
   OR (g.giver_code = $country_b AND g.receiver_code = $country_a)
ORDER BY g.event_date NULLS LAST, g.giver_code, g.item, g.fact_gift_id;
