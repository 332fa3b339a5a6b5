"""Where the pipeline reads and writes: the names of the environment variables and their defaults.

Nothing is read at import time: the CLI resolves its flags and the environment when it runs
(`Settings.from_env`), the code location through `dg.EnvVar` (`pipelines/defs/resources.py`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

RAW_DIR_ENV = "BILATERAL_RAW_DIR"
WAREHOUSE_ENV = "BILATERAL_WAREHOUSE"
MAX_BYTES_ENV = "BILATERAL_MAX_FILE_BYTES"
LOG_LEVEL_ENV = "BILATERAL_LOG_LEVEL"
WORKERS_ENV = "BILATERAL_WORKERS"
PROGRESS_ENV = "BILATERAL_PROGRESS"
EARLY_WORKERS_ENV = "BILATERAL_EARLY_WORKERS"
CORRECTIONS_ENV = "BILATERAL_CORRECTIONS_DIR"
PREFILTER_ENV = "BILATERAL_PREFILTER"

DEFAULT_RAW_DIR = "raw"
DEFAULT_WAREHOUSE = "warehouse/bilateral.duckdb"
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024
DEFAULT_WORKERS = 0  # worker processes for parsing and extraction; 0: one per core, 1: none (in process)
DEFAULT_PROGRESS = "on"  # "off" shows no progress lines
# "on": `run` starts the zygote (the process that loads the model and forks every worker,
# `workers.EarlyZygote`) before importing Dagster, so the model loads while the run sets up; "off": the run
# starts its zygote when it reaches the parse. Either way the workers share the zygote's model pages.
DEFAULT_EARLY_WORKERS = "on"
# Which sentences the NLP stage parses (`nlp.is_candidate`): "forms", those with any form of a frame word;
# "frames", only those with a word some frame can fire on, beside the particle it needs (about 8% fewer
# words parsed on the BBC corpus, but sentences that only introduce a speaker or a state go unparsed, so
# some rows change: README, Performance).
DEFAULT_PREFILTER = "forms"
PREFILTERS = ("forms", "frames")
EXPORT_FORMATS = ("parquet", "csv")
# Analysts' corrections (`pipelines.corrections`): by default the folder `corrections` beside the raw
# directory (`corrections/` in a checkout, next to `raw/`).
CORRECTIONS_DIR_NAME = "corrections"


def default_corrections_dir(raw_dir: Path | str) -> Path:
    return Path(raw_dir).parent / CORRECTIONS_DIR_NAME


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    workers: int = DEFAULT_WORKERS
    progress: str = DEFAULT_PROGRESS
    early_workers: bool = DEFAULT_EARLY_WORKERS == "on"
    corrections: Path | None = None  # None: beside the raw directory
    prefilter: str = DEFAULT_PREFILTER  # one of PREFILTERS: read here once, passed down to every worker

    @property
    def corrections_dir(self) -> Path:
        return self.corrections if self.corrections is not None else default_corrections_dir(self.raw_dir)

    @classmethod
    def from_env(cls, raw_dir: str | None = None, warehouse: str | None = None,
                 corrections_dir: str | None = None) -> Settings:
        corrections = corrections_dir or os.environ.get(CORRECTIONS_ENV)
        return cls(
            corrections=Path(corrections) if corrections else None,
            raw_dir=Path(raw_dir or os.environ.get(RAW_DIR_ENV) or DEFAULT_RAW_DIR),
            warehouse=Path(warehouse or os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE),
            max_file_bytes=int(os.environ.get(MAX_BYTES_ENV) or DEFAULT_MAX_FILE_BYTES),
            workers=int(os.environ.get(WORKERS_ENV) or DEFAULT_WORKERS),
            progress=os.environ.get(PROGRESS_ENV) or DEFAULT_PROGRESS,
            early_workers=(os.environ.get(EARLY_WORKERS_ENV) or DEFAULT_EARLY_WORKERS) != "off",
            prefilter=prefilter_named(os.environ.get(PREFILTER_ENV)),
        )


def prefilter_named(value: str | None) -> str:
    """The pre-filter a setting names; anything but "frames" is the default, as before it was read once."""
    return "frames" if (value or DEFAULT_PREFILTER).strip().lower() == "frames" else DEFAULT_PREFILTER


def progress_enabled(value: str) -> bool:
    return value.strip().lower() not in ("off", "0", "no", "false")
