SELECT count(*) FROM (SELECT * FROM incoming_countries EXCEPT
SELECT country_code, country_name, region, subregion, alpha2, official_name FROM dim_country)
