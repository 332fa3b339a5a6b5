INSERT INTO event_mention BY NAME
SELECT event_id, fact_table, fact_id, document_id FROM incoming_mentions
