CREATE TABLE IF NOT EXISTS fact_statement (
    fact_statement_id  VARCHAR PRIMARY KEY,
    document_id        VARCHAR NOT NULL,
    speaker_name       VARCHAR,
    speaker_actor_id   VARCHAR,
    speaker_code       VARCHAR,
    quote_text         VARCHAR NOT NULL,
    reported_via       VARCHAR,
    event_date         DATE,
    date_precision     VARCHAR,
    evidence_text      VARCHAR NOT NULL,
    evidence_start     INTEGER NOT NULL,
    evidence_end       INTEGER NOT NULL,
    confidence         DOUBLE NOT NULL,
    trigger            VARCHAR,
    counterpart_code   VARCHAR,
    counterpart_actor_id VARCHAR,
    corrected          BOOLEAN DEFAULT false,
    correction_id      VARCHAR
);
COMMENT ON TABLE fact_statement IS 'Attributed quotations, every one the article holds; those of a speaker of one state about or to another (counterpart_code) are also relations, in v_bilateral_event.';
COMMENT ON COLUMN fact_statement.fact_statement_id IS 'Stable id of the row, derived from its document and content.';
COMMENT ON COLUMN fact_statement.document_id IS 'Article the row was extracted from (dim_document).';
COMMENT ON COLUMN fact_statement.speaker_name IS 'Name of the speaker as the article gives it (person or organisation).';
COMMENT ON COLUMN fact_statement.speaker_actor_id IS 'dim_actor row of the speaker.';
COMMENT ON COLUMN fact_statement.speaker_code IS 'The speaker''s state or bloc; NULL when unknown.';
-- counterpart_code and counterpart_actor_id are described by sql/migrations/003 (a comment here would fail on
-- warehouses that predate them).
COMMENT ON COLUMN fact_statement.quote_text IS 'The quoted words, without the quotation marks.';
COMMENT ON COLUMN fact_statement.reported_via IS 'News agency or outlet the quote is attributed to, e.g. Reuters.';
COMMENT ON COLUMN fact_statement.event_date IS 'When the event happened or is due, resolved against the published date; NULL when unknown.';
COMMENT ON COLUMN fact_statement.date_precision IS 'Precision of event_date: day, month or year; NULL when event_date is NULL.';
COMMENT ON COLUMN fact_statement.evidence_text IS 'The sentence or span that supports the row.';
COMMENT ON COLUMN fact_statement.evidence_start IS 'Start offset of evidence_text in dim_document.body (characters).';
COMMENT ON COLUMN fact_statement.evidence_end IS 'End offset (exclusive): body[evidence_start:evidence_end] = evidence_text.';
COMMENT ON COLUMN fact_statement.confidence IS 'Extractor confidence in the row, 0..1.';
COMMENT ON COLUMN fact_statement.trigger IS 'The word or phrase that triggered the extraction rule.';
-- corrected and correction_id are described by sql/migrations/004.
