SELECT correction_id, action, fact_table, correction_file, state, state_detail, applied_fact_id, applied_document_id, was, changes
FROM correction
ORDER BY correction_file, correction_id
