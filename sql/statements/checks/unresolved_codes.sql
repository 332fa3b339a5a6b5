SELECT count(*) FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN (SELECT code FROM known_codes)
