"""Properties of extracted rows that no single case can state: ids stable across processes, and the
bridge rows that link a multi-party event to each of its pairwise rows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.extract import extract_text

PROJECT = Path(__file__).resolve().parent.parent


TEXT = ("France and Germany signed a trade agreement. Trade between France and Germany rose 5 percent. "
        "Macron met Scholz in Berlin.\n")


def fact_ids(rows: dict[str, list[dict[str, object]]]) -> str:
    return str(sorted(str(r[k]) for rs in rows.values() for r in rs for k in r if k.endswith("_id")
                      and k.startswith("fact_")))


@pytest.mark.slow  # two child processes
def test_row_ids_do_not_depend_on_the_process() -> None:
    """Ids are hashes of row content; a set's iteration order changes with PYTHONHASHSEED, ids must not.
    Three processes with three hash seeds: two children (1 and 2) and this one (its own seed, random unless
    PYTHONHASHSEED is set, and then checked to differ)."""
    assert os.environ.get("PYTHONHASHSEED") not in ("1", "2")
    script = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
              "from test_extract_rows import TEXT, fact_ids; from pipelines.extract import extract_text; "
              "print(fact_ids(extract_text(TEXT, None, 'doc_test')))")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              cwd=PROJECT, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout.strip()
               for seed in ("1", "2")}
    outputs.add(fact_ids(extract_text(TEXT, None, "doc_test")))
    assert len(outputs) == 1 and outputs.pop().startswith("['deal_")


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
