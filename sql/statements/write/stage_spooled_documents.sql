-- The run's valid documents read from its spool, each under the name it is known by, stamped with the write's time.
CREATE OR REPLACE TEMP TABLE incoming_documents AS
SELECT d.* REPLACE (coalesce(n.source_name, d.source_name) AS source_name), CAST(? AS TIMESTAMPTZ) AS ingested_at
FROM read_parquet(?) d LEFT JOIN incoming_names n USING (document_id)
