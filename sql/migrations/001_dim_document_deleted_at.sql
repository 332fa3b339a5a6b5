-- Tombstones for deleted raw files: warehouses created before the column existed get it here.
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMPTZ;
COMMENT ON COLUMN dim_document.deleted_at IS 'When the file disappeared from the raw directory; the row stays as a tombstone and its facts are retracted. NULL for live documents.';
