"""Resources: where articles are read, the spaCy model and its worker processes, the warehouse file, the
run's checkpoints and its progress lines.

In the code location (`dagster dev`, schedules) the settings come from `BILATERAL_RAW_DIR`,
`BILATERAL_WAREHOUSE`, `BILATERAL_CORRECTIONS_DIR`, `BILATERAL_MAX_FILE_BYTES`, `BILATERAL_WORKERS` and `BILATERAL_PROGRESS` through
`dg.EnvVar`, resolved when a run or a sensor uses them, with the documented defaults for a variable that is not set; the CLI passes its
flags instead (`build_resources`). Nothing is read from the environment at import time.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from pipelines import corrections, nlp, report, warehouse
from pipelines.settings import (
    CORRECTIONS_ENV,
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_PREFILTER,
    DEFAULT_PROGRESS,
    DEFAULT_RAW_DIR,
    DEFAULT_WAREHOUSE,
    DEFAULT_WORKERS,
    MAX_BYTES_ENV,
    PREFILTER_ENV,
    PROGRESS_ENV,
    RAW_DIR_ENV,
    WAREHOUSE_ENV,
    WORKERS_ENV,
    Settings,
    default_corrections_dir,
    prefilter_named,
    progress_enabled,
)
from pipelines.workers import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_CHUNK_SIZE,
    DEFAULT_DOCUMENTS_PER_WORKER,
    DEFAULT_STALL_SECONDS,
    EarlyZygote,
    StreamSettings,
)


class RawArticles(dg.ConfigurableResource):  # type: ignore[type-arg]
    """Where analysts drop articles, and the size above which a file is refused."""

    raw_dir: str
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES


class AnalystCorrections(dg.ConfigurableResource):  # type: ignore[type-arg]
    """Where analysts keep their corrections (`corrections/*.yaml`); empty: the folder `corrections` beside
    the raw directory. Read on every write of the warehouse."""

    corrections_dir: str = ""

    def directory(self, raw_dir: str) -> Path:
        return Path(self.corrections_dir) if self.corrections_dir else default_corrections_dir(raw_dir)

    def load(self, raw_dir: str) -> corrections.CorrectionSet:
        return corrections.load_directory(self.directory(raw_dir))


class SpacyModel(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The English spaCy pipeline and the processes that run it: `workers` processes (0: one per core; 1:
    this process only), forked with the model loaded by one process that loads it once (the zygote; the
    `early_zygote` resource holds one the CLI started before the run), taking chunks of at most `chunk_size` documents,
    retiring for a fresh one after `documents_per_worker` (so memory does not creep up with the corpus);
    a busy worker that finishes no document for `stall_seconds` is taken for hung and killed (its chunk is
    redone one document at a time, the hanging one refused). Nothing is loaded until a document needs parsing."""

    model: str = nlp.DEFAULT_MODEL
    batch_size: int = DEFAULT_BATCH_SIZE  # documents in the model at once: a worker's peak memory follows it
    select_sentences: bool = True
    workers: int = DEFAULT_WORKERS
    chunk_size: int = DEFAULT_CHUNK_SIZE
    stall_seconds: float = DEFAULT_STALL_SECONDS
    documents_per_worker: int = DEFAULT_DOCUMENTS_PER_WORKER
    prefilter: str = DEFAULT_PREFILTER  # which sentences are parsed: one of settings.PREFILTERS

    @property
    def frames_prefilter(self) -> bool:
        return prefilter_named(self.prefilter) == "frames"

    def stream_settings(self) -> StreamSettings:
        return StreamSettings(self.model, self.batch_size, self.select_sentences, self.workers, self.chunk_size,
                              self.stall_seconds, self.documents_per_worker, frames_prefilter=self.frames_prefilter)


class RunProgress(dg.ConfigurableResource):  # type: ignore[type-arg]
    """Progress lines of long steps (documents parsed, extracted, written): a bar on a terminal, a plain
    line every `interval_seconds` otherwise; `progress: off` shows none."""

    progress: str = DEFAULT_PROGRESS
    interval_seconds: float = 10.0

    @property
    def enabled(self) -> bool:
        return progress_enabled(self.progress)


class Checkpoints(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The points of a run where a crash would hurt most: "extract" (after extraction),
    "warehouse_write" (inside the write transaction) and "publish" (between staging and replacing the
    published file). The pipeline's checkpoints do nothing; the crash-safety tests run the pipeline with
    a subclass that kills the process at one of them (`tests/crash_run.py`)."""

    def reached(self, point: str) -> None:
        """Called as a run passes `point`."""


class Warehouse(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The DuckDB file analysts read (published atomically) and the pipeline's working copy beside it."""

    path: str
    lock_timeout_seconds: float = 3600.0

    @property
    def published(self) -> Path:
        return Path(self.path)

    @contextmanager
    def working_connection(self, warn: warehouse.Warn | None = None) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """The verified working copy, read-only, under the writer lock (None before anything was published)."""
        with warehouse.writer_lock(self.published, self.lock_timeout_seconds):
            warehouse.prepare_working_copy(self.published, warn)
            work = warehouse.working_path(self.published)
            con = duckdb.connect(str(work), read_only=True) if work.exists() else None
            try:
                yield con
            finally:
                if con is not None:
                    con.close()

    @contextmanager
    def write_and_publish(self, warn: warehouse.Warn | None = None,
                          checkpoint: warehouse.Checkpoint = warehouse.no_checkpoint
                          ) -> Iterator[duckdb.DuckDBPyConnection]:
        """Exclusive access to the verified working copy; on success it is checkpointed and, when anything
        changed, published."""
        with warehouse.writer_lock(self.published, self.lock_timeout_seconds):
            warehouse.prepare_working_copy(self.published, warn)
            con = warehouse.connect_working(self.published)
            try:
                yield con
                con.checkpoint()
            finally:
                con.close()
            warehouse.publish_if_changed(self.published, checkpoint)

    @contextmanager
    def published_connection(self) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """The published file, read-only, as analysts see it (None when nothing was published yet)."""
        if not self.published.exists():
            yield None
            return
        con = duckdb.connect(str(self.published), read_only=True)
        try:
            yield con
        finally:
            con.close()


class Publishing(dg.ConfigurableResource):  # type: ignore[type-arg]
    """Where the report and the export go (default: `report/` and `export/<format>/` next to the published
    warehouse) and the export's format."""

    export_format: str = "parquet"
    report_dir: str = ""
    export_dir: str = ""

    def report_path(self, published: Path) -> Path:
        return Path(self.report_dir) if self.report_dir else report.default_out_dir(published)

    def export_path(self, published: Path) -> Path:
        return Path(self.export_dir) if self.export_dir else published.parent / "export" / self.export_format


def build_resources(settings: Settings) -> dict[str, Any]:
    """Resources with explicit values (the CLI's flags, or a test's paths)."""
    return {
        "raw": RawArticles(raw_dir=str(settings.raw_dir), max_file_bytes=settings.max_file_bytes),
        "corrections": AnalystCorrections(corrections_dir=str(settings.corrections_dir)),
        "spacy": SpacyModel(workers=settings.workers, prefilter=settings.prefilter),
        "early_zygote": EarlyZygote(),  # none started: the CLI passes the one it started
        "warehouse_db": Warehouse(path=str(settings.warehouse)),
        "checkpoints": Checkpoints(),
        "progress": RunProgress(progress=settings.progress),
        "publishing": Publishing(),
    }


def _env(name: str, default: str) -> Any:
    """`dg.EnvVar(name)` when the variable is set (resolved by Dagster when the resource is used),
    else the default."""
    return dg.EnvVar(name) if name in os.environ else default


def _env_int(name: str, default: int) -> Any:
    return dg.EnvVar.int(name) if name in os.environ else default


def env_resources() -> dict[str, Any]:
    """Resources of the code location, configured from the environment."""
    return {
        "raw": RawArticles(raw_dir=_env(RAW_DIR_ENV, DEFAULT_RAW_DIR),
                           max_file_bytes=_env_int(MAX_BYTES_ENV, DEFAULT_MAX_FILE_BYTES)),
        "corrections": AnalystCorrections(corrections_dir=_env(CORRECTIONS_ENV, "")),
        "spacy": SpacyModel(workers=_env_int(WORKERS_ENV, DEFAULT_WORKERS),
                            prefilter=_env(PREFILTER_ENV, DEFAULT_PREFILTER)),
        "early_zygote": EarlyZygote(),  # none started: each run starts its own zygote when it needs workers
        "warehouse_db": Warehouse(path=_env(WAREHOUSE_ENV, DEFAULT_WAREHOUSE)),
        "checkpoints": Checkpoints(),
        "progress": RunProgress(progress=_env(PROGRESS_ENV, DEFAULT_PROGRESS)),
        "publishing": Publishing(),
    }
