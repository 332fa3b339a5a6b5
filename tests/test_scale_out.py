"""Scale-out: the lake, and `refresh_warehouse_fanout` giving the asset job's warehouse at every width.

The fan-out job writes the same warehouse tables (row ids and contents) as `refresh_warehouse` in one
process: with one worker (every step in process, two or three extraction steps), with two worker
processes (multiprocess executor), and on a Dask LocalCluster of two workers with the Dagster instance on
PostgreSQL; a warehouse rebuilt from the lake is the same too.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl
import pytest
from conftest import PROJECT, SEED, run_job, warehouse_content

from pipelines import isolation, lake
from pipelines.defs.resources import build_resources
from pipelines.defs.scale import jobs
from pipelines.defs.scale.resources import BATCH_ENV, FanOut
from pipelines.defs.scale.run import rebuild, run_fanout
from pipelines.nlp import load_model
from pipelines.settings import PROGRESS_ENV, RAW_DIR_ENV, WAREHOUSE_ENV, Settings

ARTICLES = {
    "talks.txt": "Talks in Paris\n\nFrance and Germany signed a trade agreement in Paris on Monday, the French "
                 "foreign minister said. \u201cIt is a good day,\u201d he said.\n",
    "aid.txt": "Aid for Kenya\n\nJapan will give Kenya $20m in aid to build roads, the Japanese embassy in "
               "Nairobi said on Tuesday.\n",
    "sanctions.txt": "New sanctions\n\nThe United States imposed sanctions on Iran on Wednesday over its nuclear "
                     "programme, the State Department said.\n",
    "summit.txt": "Leaders meet\n\nThe Indian prime minister met the Chinese president in Beijing on Thursday to "
                  "discuss the border.\n",
    "exports.txt": "Exports rise\n\nBrazil's exports to China rose to $90bn last year, the trade ministry said.\n",
    "empty.txt": "",  # refused at ingest: a quarantine row in every warehouse
}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def change_articles(folder: Path) -> None:
    """A second day: one article edited, one deleted, one new."""
    (folder / "talks.txt").write_text(ARTICLES["talks.txt"] + "\nGermany also signed a gas deal with Norway.\n",
                                      encoding="utf-8")
    (folder / "exports.txt").unlink()
    (folder / "gift.txt").write_text("A gift\n\nChina donated 100 buses to Ghana on Friday, the Ghanaian "
                                     "transport minister said.\n", encoding="utf-8")


def fanout_in_process(raw: Path, db: Path, shards: int = 2, batch: int = 2, lake_url: str = ""
                      ) -> dg.ExecuteInProcessResult:
    resources = {**build_resources(Settings.from_env(str(raw), str(db))), "fanout": FanOut(batch_size=batch,
                                                                                           lake_url=lake_url)}
    job = jobs.build_job(shards, dg.in_process_executor, resources)
    return job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)


# --- the lake ------------------------------------------------------------------------------------

def test_a_frame_is_written_once_under_its_content_hash_and_checked_when_read() -> None:
    the_lake = lake.Lake(f"memory://lake-{id(object())}")  # any fsspec URL: here, memory
    frame = pl.DataFrame({"document_id": ["a", "b"], "n": [1, 2]})
    first = the_lake.write_frame("things", frame)
    assert the_lake.write_frame("things", frame) == first  # same bytes, same name
    assert first.path == f"tables/things/{first.sha256}.parquet" and first.rows == 2
    assert the_lake.read_frame(first).equals(frame)
    the_lake.fs.pipe_file(the_lake._full(first.path), b"not parquet")
    with pytest.raises(lake.LakeError, match="damaged"):
        the_lake.read_frame(first)
    with pytest.raises(lake.LakeError, match="has no"):
        the_lake.read_frame(lake.FileRef("tables/things/missing.parquet", "0" * 64, 0))


def test_a_batch_comes_back_from_the_lake_as_the_chunk_it_was(tmp_path: Path) -> None:
    the_lake = lake.Lake(str(tmp_path / "lake"))
    texts = [isolation.PendingText("d1", SEED.read_text(encoding="utf-8"), None),
             isolation.PendingText("d2", ARTICLES["talks.txt"], None)]
    chunk = isolation.process_texts(texts, load_model())
    chunk.extract_failures.append(isolation.DocumentFailure("d3", "extract", "extraction_failed", "boom"))
    documents = pl.DataFrame({"document_id": ["d1", "d2", "d3"], "content_sha256": ["x", "y", "z"]})
    spec = lake.BatchSpec(lake.batch_key(documents, {"v": 1}), 0, the_lake.write_frame(lake.DOCUMENTS, documents))
    back = lake.read_outcome(the_lake, lake.write_outcome(the_lake, spec, chunk))
    assert all(back.facts[t].equals(chunk.facts[t]) for t in chunk.facts)
    assert sum(f.height for f in back.facts.values()) > 0
    assert back.parties.equals(chunk.parties) and back.actors == chunk.actors and back.stats == chunk.stats
    assert back.extract_failures == chunk.extract_failures and back.parse_failures == chunk.parse_failures
    # The key says what decides the output: other settings, another key.
    assert lake.batch_key(documents, {"v": 2}) != spec.key


def test_a_bad_executor_setting_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(jobs.EXECUTOR_ENV, "threads")
    with pytest.raises(jobs.FanOutSettingsError, match="threads"):
        jobs.executor_from_env()
    monkeypatch.setenv(jobs.EXECUTOR_ENV, "dask")
    monkeypatch.setenv(jobs.SHARDS_ENV, "two")
    with pytest.raises(jobs.FanOutSettingsError, match="whole number"):
        jobs.job_from_env()


def test_the_default_job_is_left_as_it_was() -> None:
    from pipelines.definitions import build_definitions

    loaded = build_definitions()
    default = {node.name for node in loaded.resolve_job_def("refresh_warehouse").nodes}
    assert not any(name.startswith(("plan_batches", "extract_shard", "load_warehouse")) for name in default)
    fanout = {node.name for node in loaded.resolve_job_def(jobs.FANOUT_JOB).nodes}
    assert fanout == {"plan_batches", "load_warehouse", *(f"extract_shard_{i}" for i in range(jobs.DEFAULT_SHARDS))}


# --- same warehouse at every width ----------------------------------------------------------------

def test_fanout_in_process_matches_the_asset_job_over_two_days_and_the_lake_rebuilds_it(
        raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    single, fanned = tmp_path / "single" / "w.duckdb", tmp_path / "fanned" / "w.duckdb"
    lake_dir = fanned.parent / "lake"
    for day in (1, 2):
        if day == 2:
            change_articles(raw)
        assert run_job(raw, single).success
        assert fanout_in_process(raw, fanned, shards=2, batch=2).success
        expected = warehouse_content(single)
        assert warehouse_content(fanned) == expected, f"day {day}"
        if day == 1:
            assert_batches_are_not_extracted_again(raw, lake_dir, tmp_path / "again", expected, monkeypatch)
    assert expected["quarantine"] and expected["fact_deal"] and expected["fact_statement"]
    assert len(lake.run_records(lake.Lake(str(lake_dir)))) == 2
    # The analysts' way in: DuckDB reads the lake's Parquet directly.
    import duckdb

    ((deals,),) = duckdb.sql(f"SELECT count(*) FROM read_parquet('{lake_dir}/tables/fact_deal/*.parquet')").fetchall()
    assert deals >= len(expected["fact_deal"])
    # The warehouse again from the lake alone: both days' runs replayed.
    rebuilt = tmp_path / "rebuilt" / "w.duckdb"
    assert rebuild(str(lake_dir), rebuilt) == 2
    assert warehouse_content(rebuilt) == expected


def assert_batches_are_not_extracted_again(raw: Path, lake_dir: Path, folder: Path,
                                           expected: dict[str, list[tuple[Any, ...]]],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh warehouse fed from a copy of the lake (its run records stay apart) extracts nothing: every
    batch, same documents and same extractor, is found there, whichever step looks for it."""
    shutil.copytree(lake_dir, folder / "lake")

    def no_extraction(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a batch in the lake was extracted again")

    with monkeypatch.context() as patch:
        patch.setattr(isolation, "process_texts", no_extraction)
        assert fanout_in_process(raw, folder / "w.duckdb", shards=3, batch=2, lake_url=str(folder / "lake")).success
    assert warehouse_content(folder / "w.duckdb") == expected


@pytest.fixture
def fanout_env(raw: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The environment `run_fanout`'s step processes read their settings from."""
    monkeypatch.setenv(RAW_DIR_ENV, str(raw))
    monkeypatch.setenv(PROGRESS_ENV, "off")
    monkeypatch.setenv(BATCH_ENV, "2")
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    yield raw


def _fanout(db: Path, monkeypatch: pytest.MonkeyPatch, instance: dg.DagsterInstance, executor: str, workers: int,
            shards: int) -> dict[str, list[tuple[Any, ...]]]:
    monkeypatch.setenv(WAREHOUSE_ENV, str(db))
    result = run_fanout(instance, jobs.Shape(shards, executor, workers))
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return warehouse_content(db)


@pytest.mark.slow
def test_two_worker_processes_give_the_asset_jobs_tables(fanout_env: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_job(fanout_env, tmp_path / "single.duckdb").success
    expected = warehouse_content(tmp_path / "single.duckdb")
    (tmp_path / "home").mkdir()
    with dg.DagsterInstance.local_temp(str(tmp_path / "home")) as instance:
        assert _fanout(tmp_path / "two" / "w.duckdb", monkeypatch, instance, "multiprocess", 2, 2) == expected


@pytest.fixture
def postgres_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A DAGSTER_HOME on a PostgreSQL server started for the test (pgserver, from PyPI), in a temp dir."""
    try:
        import pgserver

        server = pgserver.get_server(tmp_path / "pg", cleanup_mode="stop")
        url = str(server.get_uri()).replace("postgresql://", "postgresql+psycopg2://", 1)
    except Exception as exc:  # noqa: BLE001 - whatever keeps the server from starting: say it and skip
        pytest.skip(f"no PostgreSQL server could be started here with pgserver ({exc!r}): the Dagster "
                    "instance on PostgreSQL is untested on this machine")
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "dagster-postgres.yaml", home / "dagster.yaml")
    monkeypatch.setenv("BILATERAL_DAGSTER_PG_URL", url)
    try:
        yield home
    finally:
        server.cleanup()


@pytest.mark.slow
def test_postgres_and_a_dask_cluster_give_the_asset_jobs_tables(fanout_env: Path, postgres_home: Path,
                                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    assert run_job(fanout_env, tmp_path / "single.duckdb").success
    expected = warehouse_content(tmp_path / "single.duckdb")
    with dg.DagsterInstance.from_config(str(postgres_home)) as instance:
        from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage

        assert isinstance(instance.run_storage, PostgresRunStorage)
        assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
        assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
        assert _fanout(tmp_path / "dask" / "w.duckdb", monkeypatch, instance, "dask", 2, 2) == expected
        (run,) = instance.get_runs()
        assert run.job_name == jobs.FANOUT_JOB and run.is_success
        steps = {e.step_key for e in instance.all_logs(run.run_id) if e.is_dagster_event and e.step_key}
        assert {"plan_batches", "extract_shard_0", "extract_shard_1", "load_warehouse"} <= steps
