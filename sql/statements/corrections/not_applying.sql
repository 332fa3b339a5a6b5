SELECT correction_id, correction_file, state, state_detail FROM correction WHERE state IN ('orphaned', 'refused') ORDER BY correction_file, correction_id
