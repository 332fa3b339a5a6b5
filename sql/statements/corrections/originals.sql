SELECT fact_table, fact_id, document_id, original_row, bridge_rows FROM correction_original ORDER BY fact_table, fact_id
