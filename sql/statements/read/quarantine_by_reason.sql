SELECT reason, count(*) FROM quarantine GROUP BY reason ORDER BY reason
