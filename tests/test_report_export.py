"""Pictures and exports of the published warehouse: `python -m pipelines report` and `export`, and the
Dagster assets that do the same after each publish."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import SEED, definitions_for

from pipelines import export, report
from pipelines.cli import main

MEETING = "Talks\n\nFrench President Emmanuel Macron met Indian Prime Minister Narendra Modi in Paris.\n"
SANCTION = "---\npublished_date: 2024-03-14\n---\nThe European Union imposed sanctions on Belarus on Monday.\n"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("publish")
    raw = root / "raw"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    (raw / "meeting.txt").write_text(MEETING, encoding="utf-8")
    (raw / "sanction.md").write_text(SANCTION, encoding="utf-8")
    db = root / "warehouse" / "bilateral.duckdb"
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    return db


def png(path: Path) -> bool:
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5000


def test_report_draws_network_timelines_and_reliability_next_to_the_warehouse(published: Path, capsys) -> None:
    assert main(["report", "--warehouse", str(published)]) == 0
    out = published.parent / "report"
    assert png(out / "relations.png") and png(out / "reliability.png")
    timelines = sorted(p.name for p in out.glob("timeline_*.png"))
    assert "timeline_MMR-RUS.png" in timelines and all(png(out / t) for t in timelines)
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "![Relations network](relations.png)" in markdown and "timeline_MMR-RUS.png" in markdown
    printed = capsys.readouterr().out
    assert "relations.png" in printed and "report.md" in printed


def test_report_edges_are_kinds_weighted_by_mentions(published: Path, tmp_path: Path) -> None:
    drawn = report.build_report(published, tmp_path / "r")
    with duckdb.connect(str(published), read_only=True) as con:
        expected = {(min(a, b), max(a, b), k): n for a, b, k, n in con.execute(
            "SELECT least(actor_code, counterpart_code), greatest(actor_code, counterpart_code), event_kind, "
            "count(*) FROM v_bilateral_event WHERE actor_code IS NOT NULL AND counterpart_code IS NOT NULL "
            "GROUP BY ALL").fetchall()}
        relations = con.execute("SELECT count(*) FROM v_bilateral_event "
                                "WHERE actor_code IS NOT NULL AND counterpart_code IS NOT NULL").fetchall()[0][0]
    rows = [{"event_kind": k, "actor_code": a, "counterpart_code": b} for (a, b, k), n in expected.items()
            for _ in range(n)]
    assert report.network_edges(rows) == expected
    assert expected[("MMR", "RUS", "deal")] >= 3
    assert drawn.stats["relations"] == relations
    inline = drawn.markdown_inline()
    assert inline.count("data:image/png;base64,") == len(drawn.images)


def test_report_of_an_empty_warehouse_still_draws(tmp_path: Path) -> None:
    from pipelines import warehouse

    db = tmp_path / "empty.duckdb"
    with warehouse.connect(db) as con:
        warehouse.apply_schema(con)
    drawn = report.build_report(db, tmp_path / "r")
    assert drawn.stats["relations"] == 0 and png(tmp_path / "r" / "relations.png")


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_public_table_with_facts_by_year(published: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out"
    assert main(["export", "--format", fmt, "--warehouse", str(published), str(target)]) == 0
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    tables = {t["table"]: t for t in manifest["tables"]}
    assert set(tables) == set(export.PUBLIC_TABLES)
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    with duckdb.connect(str(published), read_only=True) as con, duckdb.connect() as files:
        for table, item in tables.items():
            count = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            assert item["rows"] == count, table
            if item["partitioned"]:
                assert (target / table).is_dir()
                if count:
                    pattern = str(target / table / "**" / f"*.{fmt}")
                    got = files.execute(f"SELECT count(*), count(event_year) FROM {reader}(?, hive_partitioning = "
                                        "true)", [pattern]).fetchall()[0]
                    dated = con.execute(f"SELECT count(event_date) FROM {table}").fetchall()[0][0]
                    assert got == (count, dated), table
            else:
                assert files.execute(f"SELECT count(*) FROM {reader}(?)", [str(target / item["path"])]
                                     ).fetchall()[0][0] == count, table
    years = {p.name for p in (target / "fact_sanction").iterdir()}
    assert "event_year=2024" in years  # "on Monday" against the front matter's 2024-03-14
    # Exporting again replaces the files in place.
    assert main(["export", "--format", fmt, "--warehouse", str(published), str(target)]) == 0
    assert not [p for p in target.iterdir() if p.name.startswith(".")]


def test_the_dagster_assets_report_and_export_after_a_publish_and_skip_when_nothing_changed(
        published: Path, tmp_path: Path) -> None:
    db = tmp_path / "w" / "bilateral.duckdb"
    db.parent.mkdir()
    db.write_bytes(published.read_bytes())
    defs = definitions_for(tmp_path, db)
    job = defs.resolve_implicit_global_asset_job_def()
    selection = [dg.AssetKey("warehouse_report"), dg.AssetKey("warehouse_export")]
    with dg.instance_for_test() as instance:
        first = job.execute_in_process(instance=instance, asset_selection=selection)
        assert first.success
        metadata = {m.asset_key.path[0]: m.metadata for m in first.get_asset_materialization_events()
                    for m in [m.event_specific_data.materialization]}
        assert "data:image/png;base64," in metadata["warehouse_report"]["report"].value
        assert (db.parent / "report" / "relations.png").exists()
        assert (db.parent / "export" / "parquet" / "manifest.json").exists()
        second = job.execute_in_process(instance=instance, asset_selection=selection)
        skipped = [m.event_specific_data.materialization.metadata.get("skipped")
                   for m in second.get_asset_materialization_events()]
        assert all(s is not None for s in skipped) and len(skipped) == 2


def test_report_and_export_need_a_published_warehouse(tmp_path: Path, capsys) -> None:
    for args in (["report", "--warehouse", str(tmp_path / "none.duckdb")],
                 ["export", "--warehouse", str(tmp_path / "none.duckdb"), str(tmp_path / "out")]):
        capsys.readouterr()
        assert main(args) == 3
        err = capsys.readouterr().err
        assert err.strip().count("\n") == 0 and "run `python -m pipelines run` first" in err
