CREATE TABLE IF NOT EXISTS fact_trade (
    fact_trade_id      VARCHAR PRIMARY KEY,
    document_id        VARCHAR NOT NULL,
    party_a_code       VARCHAR,
    party_b_code       VARCHAR,
    party_a_actor_id   VARCHAR,
    party_b_actor_id   VARCHAR,
    metric             VARCHAR NOT NULL,
    value              DOUBLE,
    unit               VARCHAR,
    period             VARCHAR,
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
COMMENT ON TABLE fact_trade IS 'Trade and investment figures between two different states or blocs.';
COMMENT ON COLUMN fact_trade.fact_trade_id IS 'Stable id of the row, derived from its document and content.';
COMMENT ON COLUMN fact_trade.document_id IS 'Article the row was extracted from (dim_document).';
COMMENT ON COLUMN fact_trade.party_a_code IS 'First party (exporter or investor where the text says so).';
COMMENT ON COLUMN fact_trade.party_b_code IS 'Second party.';
COMMENT ON COLUMN fact_trade.party_a_actor_id IS 'dim_actor row of party A as the text names it.';
COMMENT ON COLUMN fact_trade.party_b_actor_id IS 'dim_actor row of party B as the text names it.';
COMMENT ON COLUMN fact_trade.metric IS 'trade_volume, exports, imports or investment.';
COMMENT ON COLUMN fact_trade.value IS 'The figure; NULL when the text gives none.';
COMMENT ON COLUMN fact_trade.unit IS 'ISO 4217 currency, or percent_change.';
COMMENT ON COLUMN fact_trade.period IS 'Period the figure covers as the text gives it, e.g. last year, 2004.';
COMMENT ON COLUMN fact_trade.event_date IS 'When the event happened or is due, resolved against the published date; NULL when unknown.';
COMMENT ON COLUMN fact_trade.date_precision IS 'Precision of event_date: day, month or year; NULL when event_date is NULL.';
COMMENT ON COLUMN fact_trade.evidence_text IS 'The sentence or span that supports the row.';
COMMENT ON COLUMN fact_trade.evidence_start IS 'Start offset of evidence_text in dim_document.body (characters).';
COMMENT ON COLUMN fact_trade.evidence_end IS 'End offset (exclusive): body[evidence_start:evidence_end] = evidence_text.';
COMMENT ON COLUMN fact_trade.confidence IS 'Extractor confidence in the row, 0..1.';
COMMENT ON COLUMN fact_trade.trigger IS 'The word or phrase that triggered the extraction rule.';
-- corrected and correction_id are described by sql/migrations/004.
