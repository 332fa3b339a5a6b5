"""The long fuzzer through NLP and extraction (strategies and properties: `test_fuzz.py`), in a file of its
own so that pytest-xdist, which keeps each file on one worker, runs it beside the long ingest fuzzer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from test_fuzz import FUZZ, nlp_files, run_all


@pytest.mark.slow
@settings(FUZZ, max_examples=200)
@given(nlp_files)
def test_fuzz_nlp_and_extraction_200(example) -> None:
    run_all(example)
