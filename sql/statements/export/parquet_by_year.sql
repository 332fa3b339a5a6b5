-- A fact table into Hive-style partitions by the year of its event date under a folder (the parameter).
COPY (SELECT *, year(event_date) AS event_year FROM {table}) TO ? (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (event_year))
