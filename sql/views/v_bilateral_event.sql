-- v_bilateral_event: one row per fact of every fact table, in one shape, with the closest CAMEO code,
-- its Goldstein score and the PLOVER event type (names and scores live in ref_cameo,
-- sql/tables/30_ref_cameo.sql).
--
-- How a row gets its CAMEO code (events that did not happen get CAMEO's intent, threat, reject or
-- reduce-relations codes, never the done-act code):
--   deal      signed/agreed 057; completed 061 (062 defense, 057 diplomatic);
--             planned/proposed 0311 (0312 defense, 032 diplomatic); under_negotiation 046;
--             rejected 1211 (1212 defense, 120 diplomatic); suspended/cancelled 160
--   gift      delivered: sale 061 (062 military_equipment); otherwise by item_category
--             military_equipment 072, money 071, humanitarian_aid/medical/food 073,
--             intelligence 064, anything else (animals, cultural items, vehicles ...) 070;
--             pledged/planned: 0311/0312 for a sale, else 0331/0332/0333/0314/033 by category;
--             refused 1221/1222/1223/122; withheld 1621/1622/1623/162
--   sanction  imposed/in_force/extended 163 (aid_suspension 162, diplomatic_expulsion 161, other 160);
--             threatened 1312 (aid_suspension 1311, diplomatic_expulsion 1313, other 131);
--             called_for 113; lifted/eased 085 (aid_suspension 070, diplomatic_expulsion 050, other 080)
--   meeting   held: visit 042, call 041, talks/summit/sidelines/other 040; planned 036;
--             refused 125; cancelled 164 for talks, otherwise 161
--   trade     061
--   statement 010, and only between states: a speaker of one state about or to another (counterpart_code)
CREATE OR REPLACE VIEW v_bilateral_event AS
WITH events AS (
    SELECT
        fact_deal_id AS fact_id,
        'deal' AS event_kind,
        party_a_code AS actor_code,
        party_b_code AS counterpart_code,
        event_date, date_precision, status,
        coalesce(party_a_code, '?') || '-' || coalesce(party_b_code, '?') || ' ' || deal_type
            || ' (' || sector || '): ' || status AS summary,
        document_id, evidence_text, evidence_start, evidence_end, confidence,
        CASE
            WHEN status IN ('signed', 'agreed') THEN '057'
            WHEN status = 'completed' THEN
                CASE sector WHEN 'defense' THEN '062' WHEN 'diplomatic' THEN '057' ELSE '061' END
            WHEN status IN ('planned', 'proposed') THEN
                CASE sector WHEN 'defense' THEN '0312' WHEN 'diplomatic' THEN '032' ELSE '0311' END
            WHEN status = 'under_negotiation' THEN '046'
            WHEN status = 'rejected' THEN
                CASE sector WHEN 'defense' THEN '1212' WHEN 'diplomatic' THEN '120' ELSE '1211' END
            WHEN status IN ('suspended', 'cancelled') THEN '160'
        END AS cameo_code,
        corrected, correction_id
    FROM fact_deal

    UNION ALL
    SELECT
        fact_gift_id,
        'gift',
        giver_code,
        receiver_code,
        event_date, date_precision, status,
        coalesce(giver_code, '?') || '->' || coalesce(receiver_code, '?') || ' ' || transfer_kind || ': '
            || CASE
                   WHEN quantity IS NULL THEN ''
                   WHEN quantity = floor(quantity) AND abs(quantity) < 1e15
                       THEN CAST(CAST(quantity AS BIGINT) AS VARCHAR) || ' '
                   ELSE CAST(quantity AS VARCHAR) || ' '
               END
            || coalesce(quantity_unit || ' ', '')
            || coalesce(item || ' ', '') || '(' || item_category || '): ' || status,
        document_id, evidence_text, evidence_start, evidence_end, confidence,
        CASE
            WHEN status = 'delivered' AND transfer_kind = 'sale' THEN
                CASE item_category WHEN 'military_equipment' THEN '062' ELSE '061' END
            WHEN status = 'delivered' THEN
                CASE
                    WHEN item_category = 'military_equipment' THEN '072'
                    WHEN item_category = 'money' THEN '071'
                    WHEN item_category IN ('humanitarian_aid', 'medical', 'food') THEN '073'
                    WHEN item_category = 'intelligence' THEN '064'
                    ELSE '070'
                END
            WHEN status IN ('pledged', 'planned') AND transfer_kind = 'sale' THEN
                CASE item_category WHEN 'military_equipment' THEN '0312' ELSE '0311' END
            WHEN status IN ('pledged', 'planned') THEN
                CASE
                    WHEN item_category = 'military_equipment' THEN '0332'
                    WHEN item_category = 'money' THEN '0331'
                    WHEN item_category IN ('humanitarian_aid', 'medical', 'food') THEN '0333'
                    WHEN item_category = 'intelligence' THEN '0314'
                    ELSE '033'
                END
            WHEN status = 'refused' THEN
                CASE
                    WHEN item_category = 'military_equipment' THEN '1222'
                    WHEN item_category = 'money' THEN '1221'
                    WHEN item_category IN ('humanitarian_aid', 'medical', 'food') THEN '1223'
                    ELSE '122'
                END
            WHEN status = 'withheld' THEN
                CASE
                    WHEN item_category = 'military_equipment' THEN '1622'
                    WHEN item_category = 'money' THEN '1621'
                    WHEN item_category IN ('humanitarian_aid', 'medical', 'food') THEN '1623'
                    ELSE '162'
                END
        END,
        corrected, correction_id
    FROM fact_gift

    UNION ALL
    SELECT
        fact_sanction_id,
        'sanction',
        imposer_code,
        target_code,
        event_date, date_precision, status,
        coalesce(imposer_code, '?') || '->' || coalesce(target_code, '?') || ' ' || measure || ': ' || status,
        document_id, evidence_text, evidence_start, evidence_end, confidence,
        CASE
            WHEN status IN ('imposed', 'in_force', 'extended') THEN
                CASE measure
                    WHEN 'aid_suspension' THEN '162'
                    WHEN 'diplomatic_expulsion' THEN '161'
                    WHEN 'other' THEN '160'
                    ELSE '163'
                END
            WHEN status = 'threatened' THEN
                CASE measure
                    WHEN 'aid_suspension' THEN '1311'
                    WHEN 'diplomatic_expulsion' THEN '1313'
                    WHEN 'other' THEN '131'
                    ELSE '1312'
                END
            WHEN status = 'called_for' THEN '113'
            WHEN status IN ('lifted', 'eased') THEN
                CASE measure
                    WHEN 'aid_suspension' THEN '070'
                    WHEN 'diplomatic_expulsion' THEN '050'
                    WHEN 'other' THEN '080'
                    ELSE '085'
                END
        END,
        corrected, correction_id
    FROM fact_sanction

    UNION ALL
    SELECT
        fact_meeting_id,
        'meeting',
        party_a_code,
        party_b_code,
        event_date, date_precision, status,
        coalesce(party_a_code, '?') || '-' || coalesce(party_b_code, '?') || ' ' || meeting_kind
            || coalesce(' in ' || location, '') || ': ' || status,
        document_id, evidence_text, evidence_start, evidence_end, confidence,
        CASE
            WHEN status = 'held' THEN
                CASE meeting_kind WHEN 'visit' THEN '042' WHEN 'call' THEN '041' ELSE '040' END
            WHEN status = 'planned' THEN '036'
            WHEN status = 'refused' THEN '125'
            WHEN status = 'cancelled' THEN
                CASE meeting_kind WHEN 'talks' THEN '164' ELSE '161' END
        END,
        corrected, correction_id
    FROM fact_meeting

    UNION ALL
    SELECT
        fact_trade_id,
        'trade',
        party_a_code,
        party_b_code,
        event_date, date_precision, NULL,
        coalesce(party_a_code, '?') || '-' || coalesce(party_b_code, '?') || ' ' || metric
            || coalesce(': ' || CASE
                                    WHEN value = floor(value) AND abs(value) < 1e15
                                        THEN CAST(CAST(value AS BIGINT) AS VARCHAR)
                                    ELSE CAST(value AS VARCHAR)
                                END || coalesce(' ' || unit, ''), '')
            || coalesce(' (' || period || ')', ''),
        document_id, evidence_text, evidence_start, evidence_end, confidence,
        '061',
        corrected, correction_id
    FROM fact_trade

    UNION ALL
    SELECT
        fact_statement_id,
        'statement',
        speaker_code,
        counterpart_code,
        event_date, date_precision, NULL,
        speaker_code || '->' || counterpart_code || ' ' || coalesce(speaker_name, 'unnamed speaker') || ': "'
            || CASE WHEN length(quote_text) > 80 THEN left(quote_text, 77) || '...' ELSE quote_text END || '"',
        document_id, evidence_text, evidence_start, evidence_end, confidence,
        '010',
        corrected, correction_id
    FROM fact_statement
    -- Only statements between states: a speaker of one state about or to another. The rest (domestic
    -- politics, business, sport) stay in fact_statement.
    WHERE speaker_code IS NOT NULL AND counterpart_code IS NOT NULL AND speaker_code <> counterpart_code
)
SELECT
    e.fact_id,
    e.event_kind,
    e.actor_code,
    e.counterpart_code,
    e.event_date,
    e.date_precision,
    e.status,
    e.summary,
    e.document_id,
    e.evidence_text,
    e.evidence_start,
    e.evidence_end,
    e.confidence,
    r.plover_event_type,
    e.cameo_code,
    r.cameo_name,
    r.goldstein_score,
    coalesce(e.corrected, false) AS corrected,
    e.correction_id
FROM events e
LEFT JOIN ref_cameo r ON r.cameo_code = e.cameo_code;

COMMENT ON VIEW v_bilateral_event IS 'One row per relation between states: every row of fact_deal, fact_gift, fact_sanction, fact_meeting and fact_trade, and the rows of fact_statement between states (a speaker of one state about or to another; the other quotations stay in fact_statement), with a readable summary, the closest CAMEO code, its Goldstein score and the PLOVER event type (lookup: ref_cameo).';
COMMENT ON COLUMN v_bilateral_event.fact_id IS 'Primary key of the row in its fact table (fact_deal_id, fact_gift_id, ...).';
COMMENT ON COLUMN v_bilateral_event.event_kind IS 'Fact table the row comes from: deal, gift, sanction, meeting, trade or statement.';
COMMENT ON COLUMN v_bilateral_event.actor_code IS 'Acting side: party_a_code (deal, meeting, trade), giver_code (gift), imposer_code (sanction), speaker_code (statement); NULL when not named.';
COMMENT ON COLUMN v_bilateral_event.counterpart_code IS 'Other side: party_b_code (deal, meeting, trade), receiver_code (gift), target_code (sanction), counterpart_code (statement: the state the quote is about or addressed to).';
COMMENT ON COLUMN v_bilateral_event.event_date IS 'When the event happened or is due; NULL when unknown.';
COMMENT ON COLUMN v_bilateral_event.date_precision IS 'Precision of event_date: day, month or year; NULL when event_date is NULL.';
COMMENT ON COLUMN v_bilateral_event.status IS 'Status in the fact table (deal, gift, sanction and meeting statuses); NULL for trade figures and statements, which have none.';
COMMENT ON COLUMN v_bilateral_event.summary IS 'Short readable text built from the row, e.g. RUS-MMR agreement (nuclear_energy): signed; ? stands for a side the text does not name.';
COMMENT ON COLUMN v_bilateral_event.document_id IS 'Article the fact was extracted from (dim_document).';
COMMENT ON COLUMN v_bilateral_event.evidence_text IS 'The sentence or span that supports the fact.';
COMMENT ON COLUMN v_bilateral_event.evidence_start IS 'Start offset of evidence_text in dim_document.body (characters).';
COMMENT ON COLUMN v_bilateral_event.evidence_end IS 'End offset (exclusive) of evidence_text in dim_document.body.';
COMMENT ON COLUMN v_bilateral_event.confidence IS 'Extractor confidence in the fact, 0..1.';
COMMENT ON COLUMN v_bilateral_event.plover_event_type IS 'PLOVER event type of cameo_code (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, ACCUSE, REJECT, THREATEN, SANCTION); COMMENT for statements, which PLOVER does not code.';
COMMENT ON COLUMN v_bilateral_event.cameo_code IS 'Closest CAMEO 1.1b3 event code as text (e.g. 057 sign formal agreement); events that did not happen get the intent, threat, reject or reduce-relations code.';
COMMENT ON COLUMN v_bilateral_event.cameo_name IS 'Name of cameo_code in the CAMEO codebook (ref_cameo.cameo_name).';
COMMENT ON COLUMN v_bilateral_event.corrected IS 'TRUE when an analyst''s correction changed or added the fact (its fact table''s corrected); rows analysts rejected are not here (v_rejected_fact).';
COMMENT ON COLUMN v_bilateral_event.correction_id IS 'The correction that changed or added the fact (correction); NULL when corrected is FALSE.';
COMMENT ON COLUMN v_bilateral_event.goldstein_score IS 'Goldstein score of cameo_code, -10 (most hostile) to +10 (most cooperative), from the standard CAMEO-Goldstein table.';
