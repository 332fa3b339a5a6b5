SELECT quarantine_id FROM quarantine WHERE stage = 'correct' ORDER BY 1
