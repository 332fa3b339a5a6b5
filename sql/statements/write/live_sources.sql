SELECT source_name, document_id, first_seen_at FROM document_source WHERE deleted_at IS NULL
