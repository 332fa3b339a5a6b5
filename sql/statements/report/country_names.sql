SELECT country_code, country_name FROM dim_country
