"""Every hard case of `tests/cases/*.yaml`: a short news text and the rows a careful analyst expects.

The format is described in `tests/cases/runner.py`. A case marked `known_gap` is a real gap of the
extractor: it is expected to fail, and turns red the day it passes (then remove the mark).
"""

from __future__ import annotations

import pytest
from cases.runner import Case, facts, load_cases, problems, report


def _params() -> list:
    return [pytest.param(case, id=case.name,
                         marks=[pytest.mark.xfail(strict=True, reason=case.known_gap)] if case.known_gap else [])
            for case in load_cases()]


@pytest.mark.parametrize("case", _params())
def test_case(case: Case) -> None:
    rows = facts(case.text, case.published)
    found = problems(case, rows)
    assert not found, report(case, rows, found)
