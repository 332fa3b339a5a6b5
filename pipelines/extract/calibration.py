"""Confidence that means something: a row's confidence is the precision rows like it reached.

The engine scores each mention by how it was found (a verb or a noun, sides named in the sentence or
taken from context, hearsay): the raw score. `calibration.json`, fitted by `eval/calibrate.py fit` on the
development gold sets only, maps each table's raw scores to the precision observed for them
(isotonic: a higher raw score never gets a lower confidence), scaled down by how much less often rows are
right on text no rule was written for (the blind figures of the development sets, `eval/calibrate.py`
`unseen_discount`). The measured-only sets show how well it holds (`eval/calibrate.py report`,
eval/results/reliability.png).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

CALIBRATION_FILE = Path(__file__).parent / "calibration.json"
_raw_only = False


@cache
def _table() -> dict[str, list[tuple[float, float]]]:
    """table -> [(raw score, calibrated confidence)] sorted by raw score."""
    if not CALIBRATION_FILE.exists():
        return {}
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    return {table: sorted((float(raw), float(conf)) for raw, conf in points) for table, points in data.items()}


def calibrated(table: str, raw: float) -> float:
    """The confidence of a row whose raw score is `raw`: the fitted value of the nearest raw score at or
    below it (the lowest fitted value below all of them)."""
    points = _table().get(table)
    if _raw_only or not points:
        return raw
    keys = [r for r, _ in points]
    i = bisect.bisect_right(keys, raw + 1e-9) - 1
    return points[max(i, 0)][1]


@contextmanager
def raw_scores() -> Iterator[None]:
    """Rows keep their raw scores (for fitting the calibration itself)."""
    global _raw_only
    previous, _raw_only = _raw_only, True
    try:
        yield
    finally:
        _raw_only = previous
