-- Every live fact row that can be an event, with what decides sameness (pipelines/events.py): its
-- kind, its two sides as the table orders them, its sub-type and status. One branch per table whose
-- rows are events (pipelines.schema: FactTable.is_event); tests/test_consistency.py checks the
-- branches against the schema.
SELECT * FROM (
    SELECT 'deal' AS event_kind, fact_deal_id AS fact_id, document_id, party_a_code AS side_a,
           party_b_code AS side_b, sector AS subtype, status, event_date, confidence
    FROM fact_deal
    UNION ALL
    SELECT 'gift', fact_gift_id, document_id, giver_code, receiver_code,
           lower(regexp_extract(coalesce(item, ''), '(\w+)\W*$', 1)), status, event_date, confidence
    FROM fact_gift
    UNION ALL
    SELECT 'sanction', fact_sanction_id, document_id, imposer_code, target_code, measure, status, event_date,
           confidence
    FROM fact_sanction
    UNION ALL
    SELECT 'meeting', fact_meeting_id, document_id, party_a_code, party_b_code, '', status, event_date, confidence
    FROM fact_meeting
    UNION ALL
    SELECT 'trade', fact_trade_id, document_id, party_a_code, party_b_code,
           metric || '|' || coalesce(CAST(value AS VARCHAR), '') || '|' || coalesce(unit, ''), NULL, event_date,
           confidence
    FROM fact_trade
)
WHERE document_id IN (SELECT document_id FROM dim_document WHERE deleted_at IS NULL)
