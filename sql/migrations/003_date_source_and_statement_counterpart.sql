-- Where a document's publication date came from (sql/tables/02_dim_document.sql): before this column,
-- every date came from front matter or a sidecar.
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS date_source VARCHAR;
UPDATE dim_document SET date_source = 'metadata' WHERE published_date IS NOT NULL AND date_source IS NULL;
COMMENT ON COLUMN dim_document.date_source IS 'Where published_date came from, strongest first: metadata (front matter or sidecar), dateline (a full date in the opening lines), text (a date marked as the publication or update date), file_modified (the file''s modification date, the weakest: a copy or a checkout changes it); NULL when there is no date.';
-- The state or bloc a statement is about or addressed to (sql/tables/15_fact_statement.sql); filled when
-- a document is extracted again (extractor 0.4.1 and later).
ALTER TABLE fact_statement ADD COLUMN IF NOT EXISTS counterpart_code VARCHAR;
ALTER TABLE fact_statement ADD COLUMN IF NOT EXISTS counterpart_actor_id VARCHAR;
COMMENT ON COLUMN fact_statement.counterpart_code IS 'The other state or bloc the quotation is about or addressed to (named in the quote or its sentence, other than the speaker''s own); NULL when it names none. A statement is a relation between states, and a row of v_bilateral_event, only when speaker_code and counterpart_code are both known.';
COMMENT ON COLUMN fact_statement.counterpart_actor_id IS 'dim_actor row of the counterpart as the text names it.';
