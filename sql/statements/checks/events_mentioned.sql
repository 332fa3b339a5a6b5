SELECT count(DISTINCT event_id) FROM event_mention
