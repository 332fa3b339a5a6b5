SELECT state, count(*) FROM correction GROUP BY state
