DELETE FROM bridge_event_party WHERE fact_id = ?
