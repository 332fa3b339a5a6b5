-- Question: which actors (states, blocs, organisations, people) appear, in what role, and how many
-- facts point to them?
-- Parameters: none.
-- A fact points to an actor through its *_actor_id columns (party A/B, giver/receiver,
-- imposer/target, speaker). n_facts counts distinct facts; the per-kind counts show where.
WITH refs AS (
    SELECT fact_deal_id AS fact_id, 'deal' AS event_kind, party_a_actor_id AS actor_id FROM fact_deal
    UNION ALL SELECT fact_deal_id, 'deal', party_b_actor_id FROM fact_deal
    UNION ALL SELECT fact_gift_id, 'gift', giver_actor_id FROM fact_gift
    UNION ALL SELECT fact_gift_id, 'gift', receiver_actor_id FROM fact_gift
    UNION ALL SELECT fact_sanction_id, 'sanction', imposer_actor_id FROM fact_sanction
    UNION ALL SELECT fact_sanction_id, 'sanction', target_actor_id FROM fact_sanction
    UNION ALL SELECT fact_meeting_id, 'meeting', party_a_actor_id FROM fact_meeting
    UNION ALL SELECT fact_meeting_id, 'meeting', party_b_actor_id FROM fact_meeting
    UNION ALL SELECT fact_trade_id, 'trade', party_a_actor_id FROM fact_trade
    UNION ALL SELECT fact_trade_id, 'trade', party_b_actor_id FROM fact_trade
    UNION ALL SELECT fact_statement_id, 'statement', speaker_actor_id FROM fact_statement
)
SELECT
    a.actor_id,
    a.actor_name,
    a.actor_type,
    a.country_code,
    a.role,
    count(DISTINCT r.fact_id) AS n_facts,
    count(DISTINCT r.fact_id) FILTER (WHERE r.event_kind = 'deal') AS n_deals,
    count(DISTINCT r.fact_id) FILTER (WHERE r.event_kind = 'gift') AS n_gifts,
    count(DISTINCT r.fact_id) FILTER (WHERE r.event_kind = 'sanction') AS n_sanctions,
    count(DISTINCT r.fact_id) FILTER (WHERE r.event_kind = 'meeting') AS n_meetings,
    count(DISTINCT r.fact_id) FILTER (WHERE r.event_kind = 'trade') AS n_trade_figures,
    count(DISTINCT r.fact_id) FILTER (WHERE r.event_kind = 'statement') AS n_statements
FROM dim_actor a
LEFT JOIN refs r ON r.actor_id = a.actor_id
GROUP BY a.actor_id, a.actor_name, a.actor_type, a.country_code, a.role
ORDER BY n_facts DESC, a.actor_name, a.actor_id;
