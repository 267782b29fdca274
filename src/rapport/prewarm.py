"""Draw a cold build's charts in a second process while the first one builds the rest.

A cold build spends much of its time in matplotlib, and charts depend only on
their own spec, cells, style and width. So when the chart cache looks cold, the
build forks early: the child imports matplotlib while the parent loads the
data, then receives the chart jobs through a pipe and draws the missing ones,
in document order, into the chart cache. Meanwhile the parent templates,
composes and runs its layout passes with :class:`LazyChart` stand-ins (their
size is known without drawing) and takes each drawing from the cache when it
first draws the chart. Where fork is unavailable, inside a worker process (a
burst already uses every core), in a process with other threads, or when the
child fails, charts are drawn in-process — the bytes are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from reportlab.platypus import Flowable

from .charts.cache import ChartCache, chart_key
from .charts.describe import describe_cells
from .charts.display import DisplayList, replay
from .charts.draw import render_cells
from .charts.frame import Cell
from .charts.sizing import chart_height
from .charts.spec import ChartSpec
from .charts.style import ChartStyle

MIN_CHARTS = 6


@dataclass(frozen=True)
class ChartJob:
    spec: ChartSpec
    cells: tuple[Cell, ...]
    style: ChartStyle
    width: float

    @cached_property
    def key(self) -> str:
        """The drawing's cache key, hashed once per job."""
        return chart_key(self.spec, self.cells, self.style, self.width)


@dataclass
class ChartWorker:
    """The child process that draws charts; jobs go to it once, through a pipe."""

    pid: int
    pipe: int | None
    pending: frozenset[str] = frozenset()
    ok: bool | None = None
    drawn_here: int = field(default=0)

    def submit(self, jobs: Sequence[ChartJob], cache: ChartCache) -> None:
        """Send the jobs missing from the cache (in document order) and close the pipe."""
        missing = {job.key: job for job in jobs if not cache.has(job.key)}
        self.pending = frozenset(missing)
        self._send(pickle.dumps(list(missing.items()), protocol=pickle.HIGHEST_PROTOCOL))

    def close(self) -> None:
        """Nothing (more) to draw: let the child finish, and reap it."""
        self._send(pickle.dumps([]))
        self.wait()

    def _send(self, data: bytes) -> None:
        if self.pipe is None:
            return
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self.pipe, view) :]
        except OSError:
            pass  # the child is gone; charts are drawn here instead
        finally:
            os.close(self.pipe)
            self.pipe = None

    def wait(self) -> bool:
        if self.ok is None:
            _, status = os.waitpid(self.pid, 0)
            self.ok = status == 0
        return self.ok

    def finished(self) -> bool:
        """Whether the child has exited (reaping it if so), without blocking."""
        if self.ok is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == 0:
                return False
            self.ok = status == 0
        return True

    def fetch(self, key: str, cache: ChartCache) -> DisplayList | None:
        """The drawing for ``key`` as soon as the child has stored it; None if the child
        ended without it."""
        while not cache.has(key):
            if self.finished():
                break
            time.sleep(0.002)
        return cache.get(key) if cache.has(key) else None

    @property
    def drawn(self) -> int:
        """Charts drawn for this build, by the child or (after a failure) here."""
        return (len(self.pending) if self.ok else 0) + self.drawn_here


def start_worker(cache: ChartCache, expected: int) -> ChartWorker | None:
    """Fork the chart child when the cache holds fewer drawings than the report has charts
    (a cold build); None when that is not worth it or not safe."""
    stored = cache.stored()
    if expected - stored < MIN_CHARTS or not _may_fork():
        return None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit
        os.close(write)
        _child(read, cache)
    os.close(read)
    return ChartWorker(pid, write)


def _child(read: int, cache: ChartCache) -> None:  # pragma: no cover - runs in the child
    status = 1
    try:
        from .charts import figure  # noqa: F401 - import matplotlib while the parent works

        chunks = []
        while chunk := os.read(read, 1 << 16):
            chunks.append(chunk)
        for key, job in pickle.loads(b"".join(chunks)) if chunks else []:
            if not cache.has(key):
                cache.put(key, render_cells(job.spec, job.cells, job.style, job.width))
        status = 0
    finally:
        os._exit(status)


class LazyChart(Flowable):
    """A chart whose drawing arrives from the worker; its size is known in advance."""

    role = "Figure"

    def __init__(self, job: ChartJob, key: str, worker: ChartWorker, cache: ChartCache) -> None:
        super().__init__()
        self.job, self.key, self.worker, self.cache = job, key, worker, cache
        height = chart_height(job.spec, job.style, job.width, job.cells)
        # the same rounding as a recorded drawing: figsize in inches at 72 dpi
        self.width = round((job.width / 72) * 72, 2)
        self.height = round((height / 72) * 72, 2)
        self.alt_text = describe_cells(job.spec, job.cells, job.style.formatter)
        self.chart_id = job.spec.id or f"chart-{key[:12]}"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        display = self.worker.fetch(self.key, self.cache)
        if display is None:  # the child failed: draw here, as without a worker
            job = self.job
            display = render_cells(job.spec, job.cells, job.style, job.width)
            self.cache.put(self.key, display)
            self.worker.drawn_here += 1
        replay(self.canv, display)


def _may_fork() -> bool:
    """Fork only a single-threaded main process (never inside a worker or a thread pool)."""
    return (
        hasattr(os, "fork")
        and (os.cpu_count() or 1) >= 2
        and multiprocessing.parent_process() is None
        and threading.current_thread() is threading.main_thread()
        and threading.active_count() == 1
    )
