-- Rows a correction added or changed; the changed ones come back from correction_original.
DELETE FROM {table} WHERE corrected
