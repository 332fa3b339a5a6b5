DELETE FROM dim_country
