SELECT * FROM correction_original ORDER BY fact_table, fact_id
