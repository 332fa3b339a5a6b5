SELECT DISTINCT source_name FROM quarantine WHERE stage = 'ingest'
