-- States of dim_country and the bloc/IGO codes (the parameter), which every *_code column must hold.
CREATE OR REPLACE TEMP TABLE known_codes AS SELECT country_code AS code FROM dim_country
UNION ALL SELECT unnest(?::VARCHAR[])
