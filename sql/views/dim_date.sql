-- dim_date: a calendar, one row per day from 1945-01-01 to 2099-12-31, computed on the fly (no storage).
-- Join it to any event_date, e.g. v_bilateral_event.event_date = dim_date.date_day.
CREATE OR REPLACE VIEW dim_date AS
SELECT
    CAST(d AS DATE)                      AS date_day,
    CAST(year(d) AS INTEGER)             AS year,
    CAST(quarter(d) AS INTEGER)          AS quarter,
    CAST(month(d) AS INTEGER)            AS month,
    monthname(d)                         AS month_name,
    CAST(isoyear(d) AS INTEGER)          AS iso_year,
    CAST(weekofyear(d) AS INTEGER)       AS iso_week,
    CAST(isodow(d) AS INTEGER)           AS day_of_week,
    dayname(d)                           AS day_name,
    isodow(d) IN (6, 7)                  AS is_weekend
FROM range(DATE '1945-01-01', DATE '2100-01-01', INTERVAL 1 DAY) AS calendar(d);

COMMENT ON VIEW dim_date IS 'Calendar: one row per day from 1945-01-01 to 2099-12-31, for grouping and gap-filling event dates.';
COMMENT ON COLUMN dim_date.date_day IS 'The day (DATE); unique.';
COMMENT ON COLUMN dim_date.year IS 'Calendar year.';
COMMENT ON COLUMN dim_date.quarter IS 'Calendar quarter, 1..4.';
COMMENT ON COLUMN dim_date.month IS 'Month number, 1..12.';
COMMENT ON COLUMN dim_date.month_name IS 'English month name (January..December).';
COMMENT ON COLUMN dim_date.iso_year IS 'ISO 8601 week-numbering year that iso_week belongs to (differs from year around New Year).';
COMMENT ON COLUMN dim_date.iso_week IS 'ISO 8601 week number, 1..53 (read with iso_year).';
COMMENT ON COLUMN dim_date.day_of_week IS 'ISO day of the week: 1 = Monday .. 7 = Sunday.';
COMMENT ON COLUMN dim_date.day_name IS 'English day name (Monday..Sunday).';
COMMENT ON COLUMN dim_date.is_weekend IS 'True on Saturday and Sunday.';
