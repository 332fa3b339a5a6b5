CREATE TABLE IF NOT EXISTS event (
    event_id          VARCHAR PRIMARY KEY,
    event_kind        VARCHAR NOT NULL,
    actor_code        VARCHAR,
    counterpart_code  VARCHAR,
    subtype           VARCHAR,
    status            VARCHAR,
    first_event_date  DATE,
    num_mentions      INTEGER NOT NULL,
    num_articles      INTEGER NOT NULL
);
COMMENT ON TABLE event IS 'One row per real-world event, however many articles report it (rule: pipelines/events.py). Rebuilt from the live fact rows after every write.';
COMMENT ON COLUMN event.event_id IS 'Stable id: a hash of the grouping key (kind, parties, sub-type, status class, month).';
COMMENT ON COLUMN event.event_kind IS 'deal, gift, sanction, meeting or trade.';
COMMENT ON COLUMN event.actor_code IS 'First side (party A, giver, imposer) as its most confident mention gives it.';
COMMENT ON COLUMN event.counterpart_code IS 'Second side (party B, receiver, target) as its most confident mention gives it.';
COMMENT ON COLUMN event.subtype IS 'What makes events of one pair distinct: deal sector, gift item, sanction measure, trade metric and figure; empty for meetings.';
COMMENT ON COLUMN event.status IS 'Status of the most confident mention (NULL for trade figures).';
COMMENT ON COLUMN event.first_event_date IS 'Earliest date any mention gives; NULL when none does.';
COMMENT ON COLUMN event.num_mentions IS 'Number of fact rows reporting the event (GDELT NumMentions).';
COMMENT ON COLUMN event.num_articles IS 'Number of distinct articles reporting the event (GDELT NumArticles).';
