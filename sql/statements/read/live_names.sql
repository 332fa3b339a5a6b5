SELECT source_name FROM document_source WHERE deleted_at IS NULL
