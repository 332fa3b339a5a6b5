"""Properties of extracted rows that no single case can state: ids stable across processes, and the
bridge rows that link a multi-party event to each of its pairwise rows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.extract import extract_text

PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # three child processes
def test_row_ids_do_not_depend_on_the_process() -> None:
    """Ids are hashes of row content; a set's iteration order changes with PYTHONHASHSEED, ids must not."""
    script = ("from pipelines.extract import extract_text; "
              "rows = extract_text('France and Germany signed a trade agreement. Trade between France and Germany "
              "rose 5 percent. Macron met Scholz in Berlin.\\n', None, 'doc_test'); "
              "print(sorted(r[k] for t, rs in rows.items() for r in rs for k in r if k.endswith('_id') "
              "and k.startswith('fact_')))")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              cwd=PROJECT, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1 and outputs.pop().startswith("['")


def test_multiparty_deal_has_bridge_rows() -> None:
    rows = extract_text("France, Germany and Italy signed an agreement to build a new fighter jet.\n", None,
                        "doc_test")
    bridge = rows["bridge_event_party"]
    deal_ids = {r["fact_deal_id"] for r in rows["fact_deal"]}
    assert {r["fact_id"] for r in bridge} == deal_ids and len(deal_ids) == 3
    assert {r["party_code"] for r in bridge} == {"FRA", "DEU", "ITA"}
    assert len({r["event_group_id"] for r in bridge}) == 1
    assert extract_text("France and Germany signed an agreement.\n", None, "doc_test").get(
        "bridge_event_party", []) == []
