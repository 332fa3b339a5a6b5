SELECT count(*) FROM dim_country
