INSERT INTO referenced_actors SELECT DISTINCT unnest(actor_ids) FROM correction_original
