CREATE TABLE IF NOT EXISTS dim_country (
    country_code  VARCHAR PRIMARY KEY,
    country_name  VARCHAR NOT NULL,
    region        VARCHAR,
    subregion     VARCHAR,
    alpha2        VARCHAR NOT NULL,
    official_name VARCHAR
);
COMMENT ON TABLE dim_country IS 'Every ISO 3166-1 state, loaded from pycountry; regions follow UN M49.';
COMMENT ON COLUMN dim_country.country_code IS 'ISO 3166-1 alpha-3 code (RUS, MMR, USA).';
COMMENT ON COLUMN dim_country.country_name IS 'Short English name as news writes it (pycountry common_name where it has one).';
COMMENT ON COLUMN dim_country.region IS 'UN M49 region (Africa, Americas, Asia, Europe, Oceania).';
COMMENT ON COLUMN dim_country.subregion IS 'UN M49 sub-region (e.g. South-eastern Asia).';
COMMENT ON COLUMN dim_country.alpha2 IS 'ISO 3166-1 alpha-2 code.';
COMMENT ON COLUMN dim_country.official_name IS 'Official name from ISO 3166-1, where it differs from the short one.';
