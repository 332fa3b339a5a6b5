-- Question: what kinds of things are given, and how much of each?
-- Parameters: none.
-- One row per item_category. total_count adds up plain counts only (rows with no quantity_unit);
-- money and measured amounts have different units and are not summed here.
SELECT
    g.item_category,
    count(*) AS n_gifts,
    count(*) FILTER (WHERE g.status = 'delivered') AS n_delivered,
    sum(g.quantity) FILTER (WHERE g.quantity_unit IS NULL) AS total_count,
    count(DISTINCT coalesce(g.giver_code, '?') || '->' || coalesce(g.receiver_code, '?')) AS n_directed_pairs,
    string_agg(DISTINCT g.item, ', ' ORDER BY g.item) AS items
FROM fact_gift g
GROUP BY g.item_category
ORDER BY n_gifts DESC, g.item_category;
