SELECT correction_id FROM correction_original WHERE fact_id = ? AND action = 'reject'
