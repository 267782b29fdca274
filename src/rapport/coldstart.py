"""A cold build's helper process, started before the pipeline is even imported.

A cold build (no chart drawn yet in the cache folder) has two long chains of
work: the main process imports the composing and rendering libraries, loads
project, layout and fonts, templates, composes and renders; the charts need the
data and matplotlib. So ``rapport build`` forks this helper first thing: it loads
and aggregates the data into the build cache while the main process imports
the pipeline, then imports matplotlib and draws the chart jobs it is sent (in
document order) into the chart cache. The main process waits for the data
(:meth:`ChartWorker.await_data`), reads it back from the cache like a warm build,
and takes each drawing from the cache when it first draws that chart.

The helper never reports anything: when it fails, the main process loads or
draws that part itself and reports any error — the bytes are the same either way.
This module imports nothing heavy, so the CLI can start the helper at once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import threading
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .charts.cache import ChartCache
    from .charts.display import DisplayList

LOG = logging.getLogger("rapport.coldstart")
ENTRY_SUFFIX = ".entry"  # the cache's entry suffix (``buildcache.SUFFIX``; a test keeps them equal)


@dataclass
class ChartWorker:
    """A child process that draws charts; jobs go to it once, through a pipe.

    ``data`` is the read end of the helper's data signal (closed by the helper once
    the data is in the build cache), or None for a worker that only draws."""

    pid: int
    pipe: int | None
    data: int | None = None
    pending: frozenset[str] = frozenset()
    ok: bool | None = None
    drawn_here: int = field(default=0)

    def await_data(self) -> None:
        """Block until the helper has loaded the data into the build cache, or given up."""
        if self.data is None:
            return
        try:
            while os.read(self.data, 64):
                pass
        except OSError:
            pass
        finally:
            os.close(self.data)
            self.data = None
        LOG.debug("coldstart: data ready")

    def submit(self, jobs: Iterable[Any], cache: ChartCache) -> None:
        """Send the jobs missing from the cache (in document order), with the font files
        they measure and draw with, and close the pipe."""
        from .fonts import registered_files

        missing = {job.key: job for job in jobs if not cache.has(job.key)}
        self.pending = frozenset(missing)
        families = sorted({job.style.family for job in missing.values()})
        fonts = [(name, registered_files(name)) for name in families]
        payload = (fonts, list(missing.items()))
        self._send(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))

    def close(self) -> None:
        """Nothing (more) to draw: let the child finish, and reap it."""
        if self.data is not None:
            os.close(self.data)
            self.data = None
        self._send(pickle.dumps(([], [])))
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


def start_helper(project: Path | None, cache_dir: Path) -> ChartWorker | None:
    """Fork the helper when the chart cache holds no drawing yet (a cold build) and
    forking is safe; None otherwise (the build then decides for itself)."""
    if not may_fork() or _has_drawings(cache_dir / "charts"):
        return None
    jobs_read, jobs_write = os.pipe()
    data_read, data_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit
        os.close(jobs_write)
        os.close(data_read)
        _helper(project, cache_dir, data_write, jobs_read)
    os.close(jobs_read)
    os.close(data_write)
    LOG.debug("coldstart: helper %d started", pid)
    return ChartWorker(pid, jobs_write, data_read)


def fork_drawer(cache: ChartCache) -> ChartWorker:
    """Fork a child that only draws the jobs it is sent (after the data is loaded)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit
        os.close(write)
        status = 1
        try:
            draw_jobs(read, cache)
            status = 0
        finally:
            os._exit(status)
    os.close(read)
    return ChartWorker(pid, write)


def _has_drawings(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(e.name.endswith(ENTRY_SUFFIX) for e in entries)
    except OSError:
        return False


def _helper(
    project: Path | None, cache_dir: Path, data_write: int, jobs_read: int
) -> None:  # pragma: no cover - runs in the child
    status = 1
    try:
        logging.disable(logging.CRITICAL)  # the main process reports everything once
        warnings.simplefilter("ignore")
        _warm_data(project, cache_dir)
        os.close(data_write)
        from .charts.cache import ChartCache

        draw_jobs(jobs_read, ChartCache(cache_dir / "charts"))
        status = 0
    finally:
        os._exit(status)


def _warm_data(project: Path | None, cache_dir: Path) -> None:  # pragma: no cover - child
    """Load and aggregate every data source into the build cache; any failure is left
    for the main process to meet (and report) again."""
    try:
        from .buildcache import BuildCache
        from .cachefolder import trusted_folder
        from .project import load_project
        from .resources import default_project_dir
        from .sources import load_sources

        if trusted_folder(cache_dir):
            load_sources(load_project(project or default_project_dir()), BuildCache(cache_dir))
    except Exception:  # the main process meets it again and reports it
        return


def draw_jobs(read: int, cache: ChartCache) -> None:
    """Read ``([(family, files), …], [(key, job), …])`` from the pipe, register the
    fonts and draw every job not yet in the cache."""
    from .charts import figure  # noqa: F401 - import matplotlib while the parent works
    from .charts.draw import render_cells
    from .fonts import register_files

    chunks = []
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    fonts, jobs = pickle.loads(b"".join(chunks)) if chunks else ([], [])
    for name, files in fonts:
        register_files(name, files)
    for key, job in jobs:
        if not cache.has(key):
            cache.put(key, render_cells(job.spec, job.cells, job.style, job.width))
    LOG.debug("coldstart: %d chart(s) drawn in %d", len(jobs), os.getpid())


def may_fork() -> bool:
    """Fork only a single-threaded main process (never inside a worker or a thread pool)."""
    return (
        hasattr(os, "fork")
        and (os.cpu_count() or 1) >= 2
        and multiprocessing.parent_process() is None
        and threading.current_thread() is threading.main_thread()
        and threading.active_count() == 1
    )
