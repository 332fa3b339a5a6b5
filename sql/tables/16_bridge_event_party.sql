CREATE TABLE IF NOT EXISTS bridge_event_party (
    event_group_id  VARCHAR NOT NULL,
    fact_table      VARCHAR NOT NULL,
    fact_id         VARCHAR NOT NULL,
    document_id     VARCHAR NOT NULL,
    party_code      VARCHAR NOT NULL,
    party_actor_id  VARCHAR,
    PRIMARY KEY (fact_id, party_code)
);
COMMENT ON TABLE bridge_event_party IS 'Deals and meetings with more than two parties: every party of the event, for each pairwise fact row it produced ("France, Germany and Italy signed ..." gives three fact_deal rows and nine bridge rows).';
COMMENT ON COLUMN bridge_event_party.event_group_id IS 'One multi-party mention; all its pairwise fact rows share it.';
COMMENT ON COLUMN bridge_event_party.fact_table IS 'fact_deal or fact_meeting.';
COMMENT ON COLUMN bridge_event_party.fact_id IS 'The fact_deal_id or fact_meeting_id of the pairwise row.';
COMMENT ON COLUMN bridge_event_party.document_id IS 'Article the event was extracted from (dim_document).';
COMMENT ON COLUMN bridge_event_party.party_code IS 'One party of the event: ISO 3166-1 alpha-3 state or bloc/IGO code.';
COMMENT ON COLUMN bridge_event_party.party_actor_id IS 'dim_actor row of that party as the text names it.';
