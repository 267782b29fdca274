"""A cold build's helpers: one loads the data before the pipeline is even imported,
another draws the charts.

A cold build (no chart drawn yet in the cache folder) has three long chains of
work: the main process imports the composing and rendering libraries, loads
project, layout and fonts, templates, composes and renders; the data must be
read and aggregated (pandas); the charts must be drawn (matplotlib). So
``rapport build`` forks the data helper first thing (:func:`start_helper`): it
loads and aggregates the data sources into the build cache, with the
significance tests the report's text names, while the main process imports the
pipeline. When the main process needs the data it forks the chart drawer
(:func:`fork_drawer`), which imports matplotlib while the main process waits for
the helper (:meth:`DataHelper.await_data`); the main process then reads the data
back like a warm build, sends the drawer the chart jobs, composes and lays out,
and takes each drawing from the cache when its drawing pass first needs it.

The helpers never report anything: when one fails, the main process loads or
draws that part itself and reports any error — the bytes are the same either way.
This module imports nothing heavy, so the CLI can start the helper at once.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import queue
import signal
import sys
import threading
import time
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .process import pool_worker

if TYPE_CHECKING:
    from .buildcache import BuildCache
    from .charts.cache import ChartCache
    from .charts.display import DisplayList
    from .project import Project

LOG = logging.getLogger("rapport.coldstart")
ENTRY_SUFFIX = ".entry"  # the cache's entry suffix (``buildcache.SUFFIX``; a test keeps them equal)
DRAWER_NICENESS = 5
"""The chart drawer runs a little behind: while it imports matplotlib, three processes
share two cores, and the data helper and the main process are the ones the build waits
for (the drawer finishes its charts before the main process needs the last one)."""
YOUNG_OBJECTS = 20_000
"""Allocations between collections of the youngest generation in a cold build's
processes (Python's default, 700, collected ~400 times a build)."""


@dataclass
class DataHelper:
    """The child that loads the data into the build cache; it signals by closing its end
    of a pipe, and exits."""

    pid: int
    signal: int | None
    ok: bool | None = None

    def await_data(self) -> None:
        """Block until the helper has loaded the data into the build cache, or given up."""
        if self.signal is None:
            return
        try:
            while os.read(self.signal, 64):
                pass
        except OSError:
            pass
        finally:
            os.close(self.signal)
            self.signal = None
        LOG.debug("main: data ready")

    def close(self) -> None:
        """Reap the helper; one whose data is no longer wanted (the build failed before
        it needed it) is stopped first."""
        if self.signal is not None:
            os.close(self.signal)
            self.signal = None
            if self.ok is None:
                with suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGTERM)
        if self.ok is None:
            _, status = os.waitpid(self.pid, 0)
            self.ok = status == 0


@dataclass
class ChartWorker:
    """A child process that draws charts; jobs go to it once, through a pipe."""

    pid: int
    pipe: int | None
    pending: frozenset[str] = frozenset()
    ok: bool | None = None
    drawn_here: int = field(default=0)

    def submit(self, jobs: Iterable[Any], cache: ChartCache) -> None:
        """Send the jobs missing from the cache (in document order) and close the pipe."""
        self.send(jobs, cache)
        self.end()

    def send(self, jobs: Iterable[Any], cache: ChartCache) -> None:
        """Send the jobs missing from the cache, in document order: the child starts on
        them while later ones are still being made."""
        missing = {job.key: job for job in jobs if not cache.has(job.key)}
        missing = {key: job for key, job in missing.items() if key not in self.pending}
        if missing:
            self.pending |= frozenset(missing)
            data = pickle.dumps(list(missing.items()), protocol=pickle.HIGHEST_PROTOCOL)
            self._write(len(data).to_bytes(8, "big") + data)

    def end(self) -> None:
        """No more jobs: close the pipe (the child draws what it has, and exits)."""
        if self.pipe is not None:
            os.close(self.pipe)
            self.pipe = None

    def close(self) -> None:
        """Nothing (more) to draw: let the child finish, and reap it."""
        self.end()
        self.wait()

    def _write(self, data: bytes) -> None:
        if self.pipe is None:
            return
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self.pipe, view) :]
        except OSError:  # the child is gone; charts are drawn here instead
            self.end()

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


def start_helper(project: Path | None, cache_dir: Path, segment: str = "") -> DataHelper | None:
    """Fork the data helper when the chart cache holds no drawing yet (a cold build) and
    forking is safe; None otherwise. ``segment``: the tailored copy's ``variable=value``."""
    if not may_fork() or _has_drawings(cache_dir / "charts"):
        return None
    _import_numpy()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit
        os.close(read)
        settle_heap()
        _helper(project, cache_dir, segment, write)
    os.close(write)
    LOG.debug("main: data helper %d started", pid)
    return DataHelper(pid, read)


def _import_numpy() -> None:
    """Import NumPy once, before the helpers fork: pandas needs it in the data helper and
    matplotlib in the chart drawer, and importing it in each cost ~0,1 s of CPU twice. The
    helper starts that much later, but no longer imports it itself."""
    quiet_blas()
    with suppress(ImportError), settled_imports():
        import numpy  # noqa: F401


def fork_drawer(cache: ChartCache) -> ChartWorker:
    """Fork a child that imports matplotlib and draws the jobs it is sent (the fonts
    are registered before: they are measured with reportlab's metrics)."""
    read, write = os.pipe()
    _widen(write)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit
        os.close(write)
        quiet_blas()
        settle_heap()
        with suppress(OSError):
            os.nice(DRAWER_NICENESS)
        status = 1
        try:
            draw_jobs(read, cache)
            status = 0
        finally:
            os._exit(status)
    os.close(read)
    LOG.debug("main: chart drawer %d started", pid)
    return ChartWorker(pid, write)


def _widen(pipe: int) -> None:
    """Let the pipe hold every chart job of a large report (Linux: up to 1 MiB), so that
    sending them never waits for the drawer, which reads between drawings."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        return
    setter = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setter is not None:
        with suppress(OSError):
            fcntl.fcntl(pipe, setter, 1 << 20)


def quiet_blas() -> None:
    """Let OpenBLAS's idle threads sleep at once instead of spinning for ~0,1 s after
    every product (and after numpy's import): the spinning took a core from the other
    processes of a cold build. Read when numpy is first imported; the threads, and so
    every result's bits, stay the same. A value the user set is kept."""
    os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")


def settle_heap() -> None:
    """Leave every object alive now (the imports, the project) out of later garbage
    collections, and collect the young generation less often: a cold build's processes
    live for one build and allocate in bursts, and collecting took a tenth of a second
    in each. Garbage is still freed; only when is changed, never what a build makes."""
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, 10, 10)


@contextmanager
def settled_imports() -> Iterator[None]:
    """Import without collecting garbage (what a module makes lives as long as the
    process), then leave it all out of later collections (:func:`settle_heap`)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        settle_heap()
        if was_enabled:
            gc.enable()


def _has_drawings(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(e.name.endswith(ENTRY_SUFFIX) for e in entries)
    except OSError:
        return False


def _helper(
    project: Path | None, cache_dir: Path, segment: str, write: int
) -> None:  # pragma: no cover - runs in the child
    status = 1
    try:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # cache writes clean up
        logging.getLogger("rapport.progress").disabled = True  # the main process reports
        warnings.simplefilter("ignore")
        cache = _warm_data(project, cache_dir, segment)
        os.close(write)  # the main process has what it waits for
        if cache is not None:
            with suppress(OSError):
                os.nice(10)  # what is left is for later builds: the build's processes go first
            cache.put_deferred()
        status = 0
    finally:
        os._exit(status)


def _warm_data(  # pragma: no cover - runs in the child
    project: Path | None, cache_dir: Path, segment: str
) -> BuildCache | None:
    """Load and aggregate every data source into the build cache; any failure is left
    for the main process to meet (and report) again. Returns the cache, holding back
    the respondents (only a later build's new test reads them) to write after
    signalling."""
    try:
        with settled_imports():
            from .buildcache import BuildCache
            from .cachefolder import trusted_folder
            from .project import load_project
            from .resources import default_project_dir
            from .sources import load_sources

            if not trusted_folder(cache_dir):
                return None
            loaded = load_project(project or default_project_dir())
            if loaded.data:
                from .data import aggregate  # noqa: F401 - pandas, while nothing is collected
        cache = BuildCache(cache_dir, defer=("respondents",))
        sources = load_sources(loaded, cache)
        LOG.debug("data helper: %d data source(s) in the cache", len(sources.stores))
        tests = compared(loaded, segment)
        for source, variable in tests:
            sources.comparisons(source, variable)  # kept in the cache for the templates
        LOG.debug("data helper: %d significance test(s) in the cache", len(tests))
        return cache
    except Exception:  # the main process meets it again and reports it
        return None


def compared(project: Project, segment: str) -> list[tuple[str, str]]:
    """The significance tests a build will likely ask for: every breakdown of a respondent
    source that the report's text names (``"sektor=…"``), and the tailored segment's.
    Only a guess, to test ahead: a test not made here is made when first asked for."""
    texts = [project.file, *(chapter.file for chapter in project.chapters)]
    words = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in texts)
    named = segment.partition("=")[0]
    return [
        (ds.name, variable)
        for ds in project.data
        if ds.respondents is not None
        for variable in ds.by
        if variable == named or f"{variable}=" in words
    ]


def draw_jobs(read: int, cache: ChartCache) -> None:
    """Read batches of ``[(key, job), …]`` from the pipe and draw every job not yet in
    the cache, each batch as soon as it has come, until the pipe is closed.

    The pipe is drained by a thread from the start, so the parent never blocks on a
    full pipe while matplotlib is being imported here."""
    batches: queue.SimpleQueue[list[tuple[str, Any]] | None] = queue.SimpleQueue()
    reader = threading.Thread(target=_read_batches, args=(read, batches), daemon=True)
    reader.start()
    with settled_imports():
        from .charts.lean import import_matplotlib

        import_matplotlib()  # while the parent works
        from .charts.draw import render_cells
    LOG.debug("drawer: matplotlib imported")
    drawn = 0
    while (jobs := batches.get()) is not None:
        if not drawn:
            LOG.debug("drawer: first %d chart(s) to draw", len(jobs))
        for key, job in jobs:
            if not cache.has(key):
                cache.put(key, render_cells(job.spec, job.cells, job.style, job.width))
        drawn += len(jobs)
    LOG.debug("drawer: %d chart(s) drawn", drawn)


def _read_batches(read: int, batches: queue.SimpleQueue[list[tuple[str, Any]] | None]) -> None:
    """Each length-prefixed batch from the pipe onto ``batches``; None at its end."""
    try:
        while (size := _read_exactly(read, 8)) is not None:
            data = _read_exactly(read, int.from_bytes(size, "big"))
            if data is None:
                break
            batches.put(pickle.loads(data))
    finally:
        batches.put(None)


def _read_exactly(read: int, size: int) -> bytes | None:
    """``size`` bytes from the pipe; None when it ends first."""
    chunks, left = [], size
    while left:
        chunk = os.read(read, min(left, 1 << 16))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


_IN_WORKER: list[bool] = [False]  # a pool worker that builds alone may fork too


@contextmanager
def forking_in_worker() -> Iterator[None]:
    """Let a pool worker fork a chart drawer while it builds alone (a burst's whole
    report, before the copies keep every core busy)."""
    _IN_WORKER[0] = True
    try:
        yield
    finally:
        _IN_WORKER[0] = False


def may_fork() -> bool:
    """Fork only a single-threaded main process (never inside a worker that shares the
    cores with others, or a thread pool)."""
    return (
        hasattr(os, "fork")
        and (os.cpu_count() or 1) >= 2
        and (not pool_worker() or _IN_WORKER[0])
        and threading.current_thread() is threading.main_thread()
        and threading.active_count() == 1
    )
