-- Question: how many deals are there per sector and status, and between which pairs?
-- Parameters: none.
-- One row per (sector, status); pairs lists the distinct party_a-party_b code pairs ('?' = not named).
SELECT
    d.sector,
    d.status,
    count(*) AS n_deals,
    count(DISTINCT d.document_id) AS n_documents,
    string_agg(DISTINCT coalesce(d.party_a_code, '?') || '-' || coalesce(d.party_b_code, '?'), ', '
               ORDER BY coalesce(d.party_a_code, '?') || '-' || coalesce(d.party_b_code, '?')) AS pairs,
    string_agg(DISTINCT d.deal_type, ', ' ORDER BY d.deal_type) AS deal_types
FROM fact_deal d
GROUP BY d.sector, d.status
ORDER BY n_deals DESC, d.sector, d.status;
