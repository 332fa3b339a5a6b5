DELETE FROM dim_document WHERE document_id IN (SELECT document_id FROM removed_documents)
