-- Analysts' corrections (pipelines/corrections.py, pipelines/correcting.py): every fact table says which
-- of its rows an analyst changed or added, and by which correction (sql/tables/21_correction.sql).
-- Rows published before corrections existed were all the extractor's.
ALTER TABLE fact_deal ADD COLUMN IF NOT EXISTS corrected BOOLEAN DEFAULT false;
ALTER TABLE fact_deal ADD COLUMN IF NOT EXISTS correction_id VARCHAR;
UPDATE fact_deal SET corrected = false WHERE corrected IS NULL;
ALTER TABLE fact_gift ADD COLUMN IF NOT EXISTS corrected BOOLEAN DEFAULT false;
ALTER TABLE fact_gift ADD COLUMN IF NOT EXISTS correction_id VARCHAR;
UPDATE fact_gift SET corrected = false WHERE corrected IS NULL;
ALTER TABLE fact_sanction ADD COLUMN IF NOT EXISTS corrected BOOLEAN DEFAULT false;
ALTER TABLE fact_sanction ADD COLUMN IF NOT EXISTS correction_id VARCHAR;
UPDATE fact_sanction SET corrected = false WHERE corrected IS NULL;
ALTER TABLE fact_meeting ADD COLUMN IF NOT EXISTS corrected BOOLEAN DEFAULT false;
ALTER TABLE fact_meeting ADD COLUMN IF NOT EXISTS correction_id VARCHAR;
UPDATE fact_meeting SET corrected = false WHERE corrected IS NULL;
ALTER TABLE fact_trade ADD COLUMN IF NOT EXISTS corrected BOOLEAN DEFAULT false;
ALTER TABLE fact_trade ADD COLUMN IF NOT EXISTS correction_id VARCHAR;
UPDATE fact_trade SET corrected = false WHERE corrected IS NULL;
ALTER TABLE fact_statement ADD COLUMN IF NOT EXISTS corrected BOOLEAN DEFAULT false;
ALTER TABLE fact_statement ADD COLUMN IF NOT EXISTS correction_id VARCHAR;
UPDATE fact_statement SET corrected = false WHERE corrected IS NULL;
COMMENT ON COLUMN fact_deal.corrected IS 'TRUE when an analyst''s correction changed this row or added it (correction_id says which); FALSE for a row exactly as the extractor gave it.';
COMMENT ON COLUMN fact_deal.correction_id IS 'The correction (correction.correction_id) that changed or added this row, the latest when several did; NULL when corrected is FALSE.';
COMMENT ON COLUMN fact_gift.corrected IS 'TRUE when an analyst''s correction changed this row or added it (correction_id says which); FALSE for a row exactly as the extractor gave it.';
COMMENT ON COLUMN fact_gift.correction_id IS 'The correction (correction.correction_id) that changed or added this row, the latest when several did; NULL when corrected is FALSE.';
COMMENT ON COLUMN fact_sanction.corrected IS 'TRUE when an analyst''s correction changed this row or added it (correction_id says which); FALSE for a row exactly as the extractor gave it.';
COMMENT ON COLUMN fact_sanction.correction_id IS 'The correction (correction.correction_id) that changed or added this row, the latest when several did; NULL when corrected is FALSE.';
COMMENT ON COLUMN fact_meeting.corrected IS 'TRUE when an analyst''s correction changed this row or added it (correction_id says which); FALSE for a row exactly as the extractor gave it.';
COMMENT ON COLUMN fact_meeting.correction_id IS 'The correction (correction.correction_id) that changed or added this row, the latest when several did; NULL when corrected is FALSE.';
COMMENT ON COLUMN fact_trade.corrected IS 'TRUE when an analyst''s correction changed this row or added it (correction_id says which); FALSE for a row exactly as the extractor gave it.';
COMMENT ON COLUMN fact_trade.correction_id IS 'The correction (correction.correction_id) that changed or added this row, the latest when several did; NULL when corrected is FALSE.';
COMMENT ON COLUMN fact_statement.corrected IS 'TRUE when an analyst''s correction changed this row or added it (correction_id says which); FALSE for a row exactly as the extractor gave it.';
COMMENT ON COLUMN fact_statement.correction_id IS 'The correction (correction.correction_id) that changed or added this row, the latest when several did; NULL when corrected is FALSE.';
