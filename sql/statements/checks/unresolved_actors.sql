SELECT count(*) FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN (SELECT actor_id FROM dim_actor)
