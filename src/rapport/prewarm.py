"""Draw a cold build's missing charts on two cores before composing.

A cold build spends most of its time in matplotlib. Charts are independent, so
when a build cache is in use and many charts are missing, the process forks
once: the child draws every second missing chart into the chart cache while
the parent draws the rest, then composition finds them all in the cache. The
cells each chart draws are computed before the fork, so the child only runs
matplotlib and writes files. Where fork is unavailable, inside a worker process
(a burst already uses every core), in a process with other threads (forking
those is unsafe), or when the child fails, charts are simply
drawn during composition as usual — the bytes are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from .charts.cache import ChartCache, chart_key
from .charts.draw import render_cells
from .charts.frame import Cell
from .charts.spec import ChartSpec
from .charts.style import ChartStyle

MIN_CHARTS = 6


@dataclass(frozen=True)
class ChartJob:
    spec: ChartSpec
    cells: tuple[Cell, ...]
    style: ChartStyle
    width: float

    @property
    def key(self) -> str:
        return chart_key(self.spec, self.cells, self.style, self.width)


def prewarm_charts(jobs: Sequence[ChartJob], cache: ChartCache) -> int:
    """Draw the jobs missing from the cache, split over two processes; returns how many."""
    missing = list({job.key: job for job in jobs if not cache.has(job.key)}.items())
    if len(missing) < MIN_CHARTS or not _may_fork():
        return 0
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit
        status = 1
        try:
            _draw(missing[1::2], cache)
            status = 0
        finally:
            os._exit(status)
    try:
        _draw(missing[0::2], cache)
    finally:
        _, status = os.waitpid(pid, 0)
    drawn = len(missing[0::2]) + (len(missing[1::2]) if status == 0 else 0)
    return drawn


def _draw(jobs: Sequence[tuple[str, ChartJob]], cache: ChartCache) -> None:
    for key, job in jobs:
        cache.put(key, render_cells(job.spec, job.cells, job.style, job.width))


def _may_fork() -> bool:
    """Fork only a single-threaded main process (never inside a worker or a thread pool)."""
    return (hasattr(os, "fork") and (os.cpu_count() or 1) >= 2
            and multiprocessing.parent_process() is None
            and threading.current_thread() is threading.main_thread()
            and threading.active_count() == 1)
