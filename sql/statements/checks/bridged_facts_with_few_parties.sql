-- Bridged facts with fewer than three parties (a bridge is only for multi-party events).
SELECT count(*) FROM (SELECT fact_id FROM bridge_event_party GROUP BY fact_id HAVING count(*) < 3)
