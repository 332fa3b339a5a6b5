DELETE FROM correction
