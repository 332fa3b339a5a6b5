INSERT INTO {table} BY NAME SELECT * FROM incoming_rows
