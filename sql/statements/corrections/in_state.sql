SELECT correction_id, correction_file, action, fact_table, source_name, state_detail FROM correction WHERE state = ? ORDER BY correction_file, correction_id
