-- The confidence of every row of v_bilateral_event, by kind.
SELECT event_kind, confidence FROM v_bilateral_event
