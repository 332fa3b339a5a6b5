"""Progress of a long run: documents parsed, extracted and written, with their rate and the time left.

On a terminal, one line redrawn in place: a bar, the counts, documents per second and the time left. Not
on a terminal (a log file, a pipe, Dagster's captured output), a plain line every `interval` seconds:

    parsed 400/2195, extracted 380/2195: 25.1 documents/s, about 1m12s left

and, in both cases, a last line when the stage is done. Only carriage returns and spaces move the cursor:
no terminal control sequences are ever written.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import TextIO

BAR_WIDTH = 24
REDRAW_SECONDS = 0.2


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class Progress:
    """Counts of documents through the named stages, shown as they change (a `Progress` callback of
    `pipelines.isolation`: called with a stage and how many documents passed it)."""

    def __init__(self, total: int, stages: Sequence[str] = ("parsed", "extracted"), stream: TextIO | None = None,
                 interval: float = 10.0, tty: bool | None = None, enabled: bool = True,
                 clock: Callable[[], float] = time.monotonic):
        self.total = total
        self.stages = list(stages)
        self.counts = dict.fromkeys(self.stages, 0)
        self.stream = stream if stream is not None else sys.stderr
        self.tty = tty if tty is not None else _isatty(self.stream)
        self.interval = REDRAW_SECONDS if self.tty else interval
        self.enabled = enabled and total > 0
        self.clock = clock
        self.started = clock()
        self.shown = self.started
        self.width = 0  # of the line drawn last on a terminal

    def __call__(self, stage: str, n: int) -> None:
        self.counts[stage] = self.counts.get(stage, 0) + n
        now = self.clock()
        if self.enabled and now - self.shown >= self.interval:
            self.shown = now
            self._show(self.line(now))

    @property
    def elapsed(self) -> float:
        return self.clock() - self.started

    def rate(self, now: float | None = None) -> float:
        """Documents per second through the last stage."""
        seconds = (now if now is not None else self.clock()) - self.started
        return self.counts[self.stages[-1]] / seconds if seconds > 0 else 0.0

    def line(self, now: float | None = None) -> str:
        now = now if now is not None else self.clock()
        counts = ", ".join(f"{stage} {self.counts[stage]}/{self.total}" for stage in self.stages)
        rate = self.rate(now)
        left = self.total - self.counts[self.stages[-1]]
        eta = f"about {duration(left / rate)} left" if rate > 0 else "starting"
        text = f"{counts}: {rate:.1f} documents/s, {eta}"
        if not self.tty:
            return text
        share = min(1.0, self.counts[self.stages[-1]] / self.total) if self.total else 1.0
        filled = round(share * BAR_WIDTH)
        return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:4.0%} {text}"

    def done(self) -> str:
        """Show (and return) the last line: the counts, the time taken and the rate."""
        seconds = self.elapsed
        counts = ", ".join(f"{stage} {self.counts[stage]}/{self.total}" for stage in self.stages)
        text = f"{counts} documents in {duration(seconds)} ({self.rate():.1f} documents/s)"
        if self.enabled:
            self._show(text, last=True)
        return text

    def _show(self, text: str, last: bool = False) -> None:
        if self.tty:
            pad = " " * max(0, self.width - len(text))
            self.width = 0 if last else len(text)
            self.stream.write(f"\r{text}{pad}{chr(10) if last else ''}")
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
