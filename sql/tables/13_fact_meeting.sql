CREATE TABLE IF NOT EXISTS fact_meeting (
    fact_meeting_id    VARCHAR PRIMARY KEY,
    document_id        VARCHAR NOT NULL,
    party_a_code       VARCHAR,
    party_b_code       VARCHAR,
    party_a_actor_id   VARCHAR,
    party_b_actor_id   VARCHAR,
    participants       VARCHAR,
    location           VARCHAR,
    meeting_kind       VARCHAR NOT NULL,
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
COMMENT ON TABLE fact_meeting IS 'Meetings, visits, talks, summits and calls between two different states or blocs.';
COMMENT ON COLUMN fact_meeting.fact_meeting_id IS 'Stable id of the row, derived from its document and content.';
COMMENT ON COLUMN fact_meeting.document_id IS 'Article the row was extracted from (dim_document).';
COMMENT ON COLUMN fact_meeting.party_a_code IS 'Visitor or initiator; NULL when not named.';
COMMENT ON COLUMN fact_meeting.party_b_code IS 'Host or counterpart; NULL when not named.';
COMMENT ON COLUMN fact_meeting.party_a_actor_id IS 'dim_actor row of party A as the text names it.';
COMMENT ON COLUMN fact_meeting.party_b_actor_id IS 'dim_actor row of party B as the text names it.';
COMMENT ON COLUMN fact_meeting.participants IS 'Names of the people who met, separated by semicolons.';
COMMENT ON COLUMN fact_meeting.location IS 'Where the meeting took place.';
COMMENT ON COLUMN fact_meeting.meeting_kind IS 'visit, talks, summit, call, sidelines or other.';
COMMENT ON COLUMN fact_meeting.status IS 'held, planned, refused or cancelled.';
COMMENT ON COLUMN fact_meeting.event_date IS 'When the event happened or is due, resolved against the published date; NULL when unknown.';
COMMENT ON COLUMN fact_meeting.date_precision IS 'Precision of event_date: day, month or year; NULL when event_date is NULL.';
COMMENT ON COLUMN fact_meeting.evidence_text IS 'The sentence or span that supports the row.';
COMMENT ON COLUMN fact_meeting.evidence_start IS 'Start offset of evidence_text in dim_document.body (characters).';
COMMENT ON COLUMN fact_meeting.evidence_end IS 'End offset (exclusive): body[evidence_start:evidence_end] = evidence_text.';
COMMENT ON COLUMN fact_meeting.confidence IS 'Extractor confidence in the row, 0..1.';
COMMENT ON COLUMN fact_meeting.trigger IS 'The word or phrase that triggered the extraction rule.';
-- corrected and correction_id are described by sql/migrations/004.
