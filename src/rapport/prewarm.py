"""Draw a cold build's charts in a second process while the first one builds the rest.

A cold build spends much of its time in matplotlib, and charts depend only on
their own spec, cells, style and width. So when the chart cache looks cold, the
build forks a drawer (:func:`rapport.coldstart.fork_drawer`) before it loads the
data: the child imports matplotlib meanwhile, then receives the chart jobs
through a pipe and draws the missing ones, in document order, into the chart
cache. Meanwhile the parent templates, composes and runs its layout passes with
:class:`LazyChart` stand-ins (their size is known without drawing) and takes
each drawing from the cache when it first draws the chart. Where fork is
unavailable, inside a worker process (a burst already uses every core, except
while its whole report is built alone), in a process with other threads, or
when the child fails, charts are drawn in-process — the bytes are the same
either way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .charts.cache import ChartCache, chart_key
from .charts.describe import describe_cells
from .charts.display import DisplayList, draw_chart, replay
from .charts.draw import render_cells
from .charts.frame import Cell
from .charts.sizing import chart_height
from .charts.spec import ChartSpec
from .charts.style import ChartStyle
from .coldstart import ChartWorker, fork_drawer, may_fork

__all__ = ["MIN_CHARTS", "ChartJob", "ChartWorker", "LazyChart", "start_worker"]

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


def start_worker(cache: ChartCache, expected: int) -> ChartWorker | None:
    """Fork the chart child when the cache holds fewer drawings than the report has charts
    (a cold build); None when that is not worth it or not safe."""
    stored = cache.stored()
    if expected - stored < MIN_CHARTS or not may_fork():
        return None
    return fork_drawer(cache)


class LazyChart(Flowable):
    """A chart whose drawing arrives from the worker; its size is known in advance."""

    role = "Figure"

    def __init__(
        self,
        job: ChartJob,
        key: str,
        worker: ChartWorker,
        cache: ChartCache,
        locate: Callable[[Callable[[], DisplayList]], DisplayList] | None = None,
    ) -> None:
        super().__init__()
        self.job, self.key, self.worker, self.cache = job, key, worker, cache
        self.locate = locate  # points an error of drawing it here at the figure's definition
        height = chart_height(job.spec, job.style, job.width, job.cells)
        # the same rounding as a recorded drawing: figsize in inches at 72 dpi
        self.width = round((job.width / 72) * 72, 2)
        self.height = round((height / 72) * 72, 2)
        self.alt_text = describe_cells(job.spec, job.cells, job.style.formatter)
        self.chart_id = job.spec.id or f"chart-{key[:12]}"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def _drawOn(self, canv: Canvas) -> None:
        self.display()  # taken from the worker (or drawn here) even when drawn from kept code
        draw_chart(self, canv, self.key)

    def draw(self) -> None:
        replay(self.canv, self.display())

    def display(self) -> DisplayList:
        """The drawing, from the worker through the cache the first time it is asked for."""
        held: DisplayList | None = self.__dict__.get("_display")
        if held is not None:
            return held
        display = self.worker.fetch(self.key, self.cache)
        if display is None:  # the child failed: draw here, as without a worker
            job = self.job

            def draw() -> DisplayList:
                return render_cells(job.spec, job.cells, job.style, job.width)

            display = self.locate(draw) if self.locate else draw()
            self.cache.put(self.key, display)
            self.worker.drawn_here += 1
        self.__dict__["_display"] = display
        return display
