"""Fault injection for the crash-safety tests: `BILATERAL_FAULT=<point>` kills the process there.

The points sit where a real crash would hurt most: after extraction, inside the warehouse write
transaction, and between staging and replacing the published file.
"""

from __future__ import annotations

import os
import signal

FAULT_ENV = "BILATERAL_FAULT"
POINTS = ("extract", "warehouse_write", "publish")


def fault_point(name: str) -> None:
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
