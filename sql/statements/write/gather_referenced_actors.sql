INSERT INTO referenced_actors SELECT {column} FROM {table} WHERE {column} IS NOT NULL
