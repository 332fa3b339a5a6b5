-- 1. Names that went, or now hold something else.
UPDATE document_source SET deleted_at = ? FROM closing_sources c
WHERE document_source.source_name = c.source_name AND document_source.document_id = c.document_id
  AND document_source.deleted_at IS NULL
