SELECT * FROM {table} WHERE corrected ORDER BY ALL
