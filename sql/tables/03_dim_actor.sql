CREATE TABLE IF NOT EXISTS dim_actor (
    actor_id     VARCHAR PRIMARY KEY,
    actor_name   VARCHAR NOT NULL,
    actor_type   VARCHAR NOT NULL,
    country_code VARCHAR,
    role         VARCHAR
);
COMMENT ON TABLE dim_actor IS 'States, blocs, international organisations, organisations and people that facts point to.';
COMMENT ON COLUMN dim_actor.actor_id IS 'Stable id derived from actor_type, normalised name and country_code.';
COMMENT ON COLUMN dim_actor.actor_name IS 'Canonical name (the fullest form the article uses for a person or organisation).';
COMMENT ON COLUMN dim_actor.actor_type IS 'One of state, bloc, igo, organization, person, group.';
COMMENT ON COLUMN dim_actor.country_code IS 'ISO 3166-1 alpha-3 code of the state the actor belongs to, or the bloc/IGO code for blocs and IGOs; NULL when unknown.';
COMMENT ON COLUMN dim_actor.role IS 'Title or function, e.g. President, state nuclear corporation; NULL when unknown.';
