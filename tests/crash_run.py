"""Run the pipeline as `python -m pipelines run` does, but SIGKILL the process at one checkpoint.

    python tests/crash_run.py POINT --raw-dir DIR --warehouse FILE

POINT is one of `pipelines.defs.resources.Checkpoints`' points: extract, warehouse_write, publish. Used
by the crash-safety tests (tests/test_operations.py); the pipeline itself never kills anything.
"""

from __future__ import annotations

import os
import signal
import sys

from pipelines.cli import run
from pipelines.defs.resources import Checkpoints
from pipelines.settings import Settings

POINTS = ("extract", "warehouse_write", "publish")


class KillAt(Checkpoints):
    """Checkpoints that kill the process, as a crash would, when the run reaches `point`."""

    point: str

    def reached(self, point: str) -> None:
        if point == self.point:
            os.kill(os.getpid(), signal.SIGKILL)


def main(argv: list[str]) -> int:
    point, _, raw_dir, _, warehouse = argv
    if point not in POINTS:
        raise SystemExit(f"unknown checkpoint {point!r}; one of {POINTS}")
    return run(Settings.from_env(raw_dir, warehouse), {"checkpoints": KillAt(point=point)})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
