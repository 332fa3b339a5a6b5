-- One table into one CSV file with a header (the parameter).
COPY {table} TO ? (FORMAT csv, HEADER true)
