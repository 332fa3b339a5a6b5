-- One table into one Parquet file (the parameter).
COPY {table} TO ? (FORMAT parquet, COMPRESSION zstd)
