CREATE TABLE IF NOT EXISTS event_mention (
    event_id     VARCHAR NOT NULL,
    fact_table   VARCHAR NOT NULL,
    fact_id      VARCHAR PRIMARY KEY,
    document_id  VARCHAR NOT NULL
);
COMMENT ON TABLE event_mention IS 'Which fact row (one article''s report) belongs to which event.';
COMMENT ON COLUMN event_mention.event_id IS 'The event (event.event_id).';
COMMENT ON COLUMN event_mention.fact_table IS 'Table of the fact row: fact_deal, fact_gift, fact_sanction, fact_meeting or fact_trade.';
COMMENT ON COLUMN event_mention.fact_id IS 'The fact row''s id in that table.';
COMMENT ON COLUMN event_mention.document_id IS 'Article of the fact row (dim_document).';
