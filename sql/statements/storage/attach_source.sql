-- Attach a warehouse file read-only as `source` (its path is the parameter).
ATTACH ? AS source (READ_ONLY)
