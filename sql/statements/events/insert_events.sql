-- The event's own status and sides are those of its most confident mention.
-- Ties on confidence go to the largest fact id, so the result does not depend on row order.
INSERT INTO event BY NAME
SELECT event_id,
       any_value(event_kind) AS event_kind,
       arg_max(side_a, struct_pack(c := confidence, f := fact_id)) AS actor_code,
       arg_max(side_b, struct_pack(c := confidence, f := fact_id)) AS counterpart_code,
       any_value(subtype) AS subtype,
       arg_max(status, struct_pack(c := confidence, f := fact_id)) AS status,
       min(event_date) AS first_event_date,
       count(*) AS num_mentions,
       count(DISTINCT document_id) AS num_articles
FROM incoming_mentions GROUP BY event_id
