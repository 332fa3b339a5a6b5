SELECT count(*) FROM dim_actor WHERE actor_id NOT IN (SELECT actor_id FROM referenced_actors)
