CREATE TABLE IF NOT EXISTS fact_deal (
    fact_deal_id       VARCHAR PRIMARY KEY,
    document_id        VARCHAR NOT NULL,
    party_a_code       VARCHAR,
    party_b_code       VARCHAR,
    party_a_actor_id   VARCHAR,
    party_b_actor_id   VARCHAR,
    deal_type          VARCHAR NOT NULL,
    sector             VARCHAR NOT NULL,
    subject            VARCHAR,
    status             VARCHAR NOT NULL,
    amount             DOUBLE,
    amount_unit        VARCHAR,
    location           VARCHAR,
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
COMMENT ON TABLE fact_deal IS 'Agreements, treaties, memoranda, contracts, investment and construction deals between two different states or blocs.';
COMMENT ON COLUMN fact_deal.fact_deal_id IS 'Stable id of the row, derived from its document and content.';
COMMENT ON COLUMN fact_deal.document_id IS 'Article the row was extracted from (dim_document).';
COMMENT ON COLUMN fact_deal.party_a_code IS 'Side that provides, builds, invests or initiates (state ISO alpha-3 or bloc code); NULL when not named.';
COMMENT ON COLUMN fact_deal.party_b_code IS 'The other side; NULL when not named.';
COMMENT ON COLUMN fact_deal.party_a_actor_id IS 'dim_actor row of party A as the text names it.';
COMMENT ON COLUMN fact_deal.party_b_actor_id IS 'dim_actor row of party B as the text names it.';
COMMENT ON COLUMN fact_deal.deal_type IS 'agreement, treaty, memorandum, contract, investment, loan, joint_project or other.';
COMMENT ON COLUMN fact_deal.sector IS 'nuclear_energy, energy, oil_gas, infrastructure, transport, defense, trade, agriculture, finance, health, diplomatic or other.';
COMMENT ON COLUMN fact_deal.subject IS 'Short noun phrase: what the deal is about.';
COMMENT ON COLUMN fact_deal.status IS 'signed, agreed, planned, proposed, under_negotiation, rejected, suspended, cancelled or completed.';
COMMENT ON COLUMN fact_deal.amount IS 'Value or capacity of the deal; NULL when not stated.';
COMMENT ON COLUMN fact_deal.amount_unit IS 'ISO 4217 currency or physical unit (MW, barrels...) of amount.';
COMMENT ON COLUMN fact_deal.location IS 'Where the deal was made or the project lies.';
COMMENT ON COLUMN fact_deal.event_date IS 'When the event happened or is due, resolved against the published date; NULL when unknown.';
COMMENT ON COLUMN fact_deal.date_precision IS 'Precision of event_date: day, month or year; NULL when event_date is NULL.';
COMMENT ON COLUMN fact_deal.evidence_text IS 'The sentence or span that supports the row.';
COMMENT ON COLUMN fact_deal.evidence_start IS 'Start offset of evidence_text in dim_document.body (characters).';
COMMENT ON COLUMN fact_deal.evidence_end IS 'End offset (exclusive): body[evidence_start:evidence_end] = evidence_text.';
COMMENT ON COLUMN fact_deal.confidence IS 'Extractor confidence in the row, 0..1.';
COMMENT ON COLUMN fact_deal.trigger IS 'The word or phrase that triggered the extraction rule.';
-- corrected and correction_id are described by sql/migrations/004.
