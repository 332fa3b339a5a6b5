"""Hard cases as data (`*.yaml`) and their runner (`runner.py`); `tests/test_cases.py` runs them."""
