SELECT * FROM {table} WHERE {column} = ?
