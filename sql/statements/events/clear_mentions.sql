DELETE FROM event_mention
