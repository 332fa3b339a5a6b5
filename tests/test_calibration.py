"""The confidence calibration: fitted values are read back, never fall as the raw score rises, and are
switched off while fitting."""

from __future__ import annotations

import json

from pipelines.extract import calibration
from pipelines.extract.calibration import CALIBRATION_FILE, calibrated, raw_scores


def test_fitted_confidences_never_fall_as_the_raw_score_rises() -> None:
    fitted = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert fitted, "calibration.json is empty: run eval/calibrate.py fit"
    for table, points in fitted.items():
        values = [conf for _, conf in sorted(points)]
        assert values == sorted(values), table
        assert all(0.0 <= conf <= 1.0 for conf in values), table


def test_a_raw_score_takes_the_value_fitted_at_or_below_it() -> None:
    points = sorted(json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["fact_meeting"])
    low_raw, low_conf = points[0]
    high_raw, high_conf = points[-1]
    assert calibrated("fact_meeting", high_raw) == high_conf
    assert calibrated("fact_meeting", 0.99) == high_conf
    assert calibrated("fact_meeting", low_raw) == low_conf
    assert calibrated("fact_statement", 0.8) == 0.8  # a table without gold keeps its raw score


def test_raw_scores_switch_the_calibration_off_and_back_on() -> None:
    high_raw, high_conf = max(json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["fact_meeting"])
    with raw_scores():
        assert calibrated("fact_meeting", 0.42) == 0.42
    assert not calibration._raw_only
    assert calibrated("fact_meeting", high_raw) == high_conf
