DELETE FROM document_source WHERE document_id IN (SELECT document_id FROM removed_documents)
