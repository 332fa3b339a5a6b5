SELECT count(*) FROM dim_document WHERE deleted_at IS NULL
