SELECT count(*) FROM event_mention WHERE event_id NOT IN (SELECT event_id FROM event)
