SELECT count(*) FROM dim_actor
