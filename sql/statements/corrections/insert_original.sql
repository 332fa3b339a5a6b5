INSERT INTO correction_original (fact_table, fact_id, document_id, correction_id, action, original_row, bridge_rows, actor_ids)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
