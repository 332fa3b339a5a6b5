SELECT event_group_id, fact_table, fact_id, document_id, party_code, party_actor_id
FROM bridge_event_party WHERE fact_id = ? ORDER BY ALL
