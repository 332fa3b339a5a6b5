CREATE TABLE IF NOT EXISTS fact_sanction (
    fact_sanction_id   VARCHAR PRIMARY KEY,
    document_id        VARCHAR NOT NULL,
    imposer_code       VARCHAR,
    target_code        VARCHAR,
    imposer_actor_id   VARCHAR,
    target_actor_id    VARCHAR,
    measure            VARCHAR NOT NULL,
    reason             VARCHAR,
    status             VARCHAR NOT NULL,
    event_date         DATE,
    date_precision     VARCHAR,
    evidence_text      VARCHAR NOT NULL,
    evidence_start     INTEGER NOT NULL,
    evidence_end       INTEGER NOT NULL,
    confidence         DOUBLE NOT NULL,
    trigger            VARCHAR,
    corrected          BOOLEAN DEFAULT false,
    correction_id      VARCHAR
);
COMMENT ON TABLE fact_sanction IS 'Sanctions, embargoes and similar punitive measures of one state or bloc against another.';
COMMENT ON COLUMN fact_sanction.fact_sanction_id IS 'Stable id of the row, derived from its document and content.';
COMMENT ON COLUMN fact_sanction.document_id IS 'Article the row was extracted from (dim_document).';
COMMENT ON COLUMN fact_sanction.imposer_code IS 'State or bloc that imposes (or threatens, lifts) the measure; NULL when not named.';
COMMENT ON COLUMN fact_sanction.target_code IS 'State or bloc targeted; NULL when not named.';
COMMENT ON COLUMN fact_sanction.imposer_actor_id IS 'dim_actor row of the imposer as the text names it.';
COMMENT ON COLUMN fact_sanction.target_actor_id IS 'dim_actor row of the target as the text names it.';
COMMENT ON COLUMN fact_sanction.measure IS 'sanctions, embargo, asset_freeze, travel_ban, export_control, aid_suspension, transport_suspension, diplomatic_expulsion, trade_restriction or other.';
COMMENT ON COLUMN fact_sanction.reason IS 'Why the measure was taken, where the text says.';
COMMENT ON COLUMN fact_sanction.status IS 'imposed, in_force, extended, threatened, called_for, lifted or eased.';
COMMENT ON COLUMN fact_sanction.event_date IS 'When the event happened or is due, resolved against the published date; NULL when unknown.';
COMMENT ON COLUMN fact_sanction.date_precision IS 'Precision of event_date: day, month or year; NULL when event_date is NULL.';
COMMENT ON COLUMN fact_sanction.evidence_text IS 'The sentence or span that supports the row.';
COMMENT ON COLUMN fact_sanction.evidence_start IS 'Start offset of evidence_text in dim_document.body (characters).';
COMMENT ON COLUMN fact_sanction.evidence_end IS 'End offset (exclusive): body[evidence_start:evidence_end] = evidence_text.';
COMMENT ON COLUMN fact_sanction.confidence IS 'Extractor confidence in the row, 0..1.';
COMMENT ON COLUMN fact_sanction.trigger IS 'The word or phrase that triggered the extraction rule.';
-- corrected and correction_id are described by sql/migrations/004.
