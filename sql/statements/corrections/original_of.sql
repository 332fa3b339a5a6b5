SELECT original_row FROM correction_original WHERE fact_table = ? AND fact_id = ? AND action = 'set'
