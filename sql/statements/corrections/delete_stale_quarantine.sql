DELETE FROM quarantine WHERE stage = ? AND quarantine_id NOT IN (SELECT quarantine_id FROM incoming_quarantine)
