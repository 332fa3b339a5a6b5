DELETE FROM {table} WHERE {column} = ?
