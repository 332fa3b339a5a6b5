CREATE TABLE IF NOT EXISTS fact_gift (
    fact_gift_id       VARCHAR PRIMARY KEY,
    document_id        VARCHAR NOT NULL,
    giver_code         VARCHAR,
    receiver_code      VARCHAR,
    giver_actor_id     VARCHAR,
    receiver_actor_id  VARCHAR,
    item               VARCHAR,
    item_category      VARCHAR NOT NULL,
    quantity           DOUBLE,
    quantity_unit      VARCHAR,
    transfer_kind      VARCHAR NOT NULL,
    status             VARCHAR NOT NULL,
    occasion           VARCHAR,
    recipient_institution VARCHAR,
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
COMMENT ON TABLE fact_gift IS 'Gifts, donations, aid, grants, loans and deliveries of goods between two different states or blocs.';
COMMENT ON COLUMN fact_gift.fact_gift_id IS 'Stable id of the row, derived from its document and content.';
COMMENT ON COLUMN fact_gift.document_id IS 'Article the row was extracted from (dim_document).';
COMMENT ON COLUMN fact_gift.giver_code IS 'State or bloc that gives; NULL when not named.';
COMMENT ON COLUMN fact_gift.receiver_code IS 'State or bloc that receives; NULL when not named.';
COMMENT ON COLUMN fact_gift.giver_actor_id IS 'dim_actor row of the giver as the text names it.';
COMMENT ON COLUMN fact_gift.receiver_actor_id IS 'dim_actor row of the receiver as the text names it.';
COMMENT ON COLUMN fact_gift.item IS 'Head noun phrase of what is given, e.g. elephants.';
COMMENT ON COLUMN fact_gift.item_category IS 'animal, military_equipment, money, humanitarian_aid, medical, food, cultural, vehicle, intelligence or other.';
COMMENT ON COLUMN fact_gift.quantity IS 'Number of items or amount of money; NULL when not stated.';
COMMENT ON COLUMN fact_gift.quantity_unit IS 'Unit of quantity: ISO 4217 currency, tonnes, ... NULL for a plain count.';
COMMENT ON COLUMN fact_gift.transfer_kind IS 'gift, donation, aid, grant, loan, sale or delivery.';
COMMENT ON COLUMN fact_gift.status IS 'delivered, pledged, planned, refused or withheld.';
COMMENT ON COLUMN fact_gift.occasion IS 'Occasion of the gift, e.g. an anniversary.';
COMMENT ON COLUMN fact_gift.recipient_institution IS 'Institution that received it, e.g. a zoo or hospital.';
COMMENT ON COLUMN fact_gift.event_date IS 'When the event happened or is due, resolved against the published date; NULL when unknown.';
COMMENT ON COLUMN fact_gift.date_precision IS 'Precision of event_date: day, month or year; NULL when event_date is NULL.';
COMMENT ON COLUMN fact_gift.evidence_text IS 'The sentence or span that supports the row.';
COMMENT ON COLUMN fact_gift.evidence_start IS 'Start offset of evidence_text in dim_document.body (characters).';
COMMENT ON COLUMN fact_gift.evidence_end IS 'End offset (exclusive): body[evidence_start:evidence_end] = evidence_text.';
COMMENT ON COLUMN fact_gift.confidence IS 'Extractor confidence in the row, 0..1.';
COMMENT ON COLUMN fact_gift.trigger IS 'The word or phrase that triggered the extraction rule.';
-- corrected and correction_id are described by sql/migrations/004.
