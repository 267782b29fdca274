"""Burst run: request → planned copies → reuse or build each (in parallel) → manifest.

The whole-report copy is built first, alone, so every chart that does not depend
on the segment is in the shared chart cache before the segment copies start;
then the remaining copies run on a local process pool or a Dask cluster. On Linux
the whole report is built in this process and the pool's workers are forked from
it, so they inherit what it loaded and composed (see :func:`run_forked`).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import DeliveryError
from ..groups import TOTAL_GROUP
from ..layout.model import Layout
from ..memo import settle
from ..project import Project
from .manifest import (
    Entry,
    Journal,
    Manifest,
    failures,
    load_previous,
    reusable,
    with_status,
    write_manifest,
)
from .plan import (
    DEFAULT_PATTERN,
    DEFAULT_WHOLE_NAME,
    Copy,
    Fingerprint,
    Plan,
    check_label_pattern,
    check_pattern,
    choose_values,
    input_hash,
    layout_hash,
    plan_copies,
    project_files,
    segment_values,
)
from .ship import Sources
from .work import Outcome, Task, build_copy, build_first

if TYPE_CHECKING:
    from ..coldstart import DataHelper

CACHE_NAME = ".rapport-cache"
Done = Callable[[Outcome], None]


@dataclass(frozen=True)
class BurstRequest:
    project: Path | None
    by: str
    out: Path
    values: tuple[str, ...] = ()
    pattern: str = DEFAULT_PATTERN
    whole_name: str | None = DEFAULT_WHOLE_NAME
    layout: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    jobs: int = 0
    executor: str = "local"
    scheduler: str | None = None
    verify: bool = False
    label: str | None = None


def prepare(request: BurstRequest) -> Plan:
    """Load the project and layout, plan every copy and decide which can be reused.

    A cold burst's data helper is forked first: it loads the data for the whole report
    while this process reads the data files to plan the copies (:func:`early_helper`)."""
    from ..project import load_project
    from ..resources import default_project_dir

    request = _checked(request)
    project = load_project(request.project or default_project_dir())
    helper = early_helper(request, project)
    try:
        plan = _plan(request, project)
    except BaseException:
        if helper is not None:
            helper.close()
        raise
    return replace(plan, helper=helper)


def early_helper(request: BurstRequest, project: Project) -> DataHelper | None:
    """The cold build's data helper (:func:`rapport.coldstart.start_helper`) for the whole
    report, when this process will build it (Linux, or a Dask burst) and the breakdown is
    one of a respondent source's: with that breakdown's significance tests, which every
    copy asks for. None when the chart cache is warm."""
    from ..coldstart import start_helper

    if request.executor == "local" and not may_fork_pool():
        return None
    if not any(request.by in ds.by for ds in project.data if ds.respondents is not None):
        return None
    cache = request.out.resolve() / CACHE_NAME
    return start_helper(project.root, cache, f"{request.by}=")


def _plan(request: BurstRequest, project: Project) -> Plan:
    from ..layout.load import load_layout

    root = None if request.layout else project.root  # --layout FILE: the user's choice
    layout = load_layout(request.layout or project.layout, search=project.root, root=root)
    values = choose_values(
        segment_values(project, request.by, request.label), request.values, request.by
    )
    copies = plan_copies(
        project,
        request.by,
        values,
        pattern=request.pattern,
        whole_name=request.whole_name,
        params=request.params,
    )
    print_ = Fingerprint(input_hash(project), layout_hash(layout), __version__)
    out = request.out.resolve()
    previous = load_previous(out)
    entries, tasks = [], []
    for copy in copies:
        entry, task = _decide(copy, print_, previous, request, project.root, out)
        entries.append(entry)
        if task is not None:
            tasks.append(task)
    manifest = Manifest(
        str(project.root),
        request.by,
        request.pattern,
        request.layout or project.layout,
        tuple(entries),
        project.title,
    )
    tasks_, first = _order(tasks, request, project.root, out)
    if request.executor != "dask" or not tasks_:
        return Plan(manifest, tasks_, first)
    sources, name = _sources(project, layout, request)
    return Plan(manifest, tasks_, first, sources, name)


def _sources(project: Project, layout: Layout, request: BurstRequest) -> tuple[Sources, str | None]:
    """The project's files (and its layout's, when it is not shipped), read now."""
    from ..fonts import FACES, resolve_font_file
    from ..layout.load import locate_layout
    from ..resources import fonts_dir, layouts_dir
    from .ship import read_sources

    path = locate_layout(request.layout or project.layout, search=project.root)
    if path.is_relative_to(layouts_dir().resolve()):
        return read_sources(project.root, project_files(project), None), request.layout
    families = (layout.typography.body, layout.typography.heading)
    fonts = {resolve_font_file(getattr(f, face), path.parent) for f in families for face in FACES}
    own = [f for f in fonts if not f.is_relative_to(fonts_dir().resolve())]
    return read_sources(project.root, project_files(project), path, own), None


def _checked(request: BurstRequest) -> BurstRequest:
    """Options checked before any work; a layout file becomes an absolute path for workers."""
    if request.executor not in ("local", "dask"):
        raise DeliveryError(
            f"unknown executor {request.executor!r}", hint="use --executor local or --executor dask"
        )
    if request.executor == "dask":
        _check_dask(request.scheduler)
    check_pattern(request.pattern, "--pattern", needs_value=True)
    if request.label:
        check_label_pattern(request.label)
    if request.whole_name:
        check_pattern(request.whole_name, "--whole-name", needs_value=False)
    if request.layout and Path(request.layout).is_file():
        return replace(request, layout=str(Path(request.layout).resolve()))
    return request


def _check_dask(scheduler: str | None) -> None:
    if not scheduler:
        raise DeliveryError(
            "--executor dask needs --scheduler ADDRESS",
            hint="e.g. --scheduler tcp://127.0.0.1:8786",
        )
    try:
        import dask.distributed  # noqa: F401  (imported only when asked for)
    except ImportError as exc:
        raise DeliveryError(
            "--executor dask needs the optional Dask support",
            hint="install it with: pip install 'rapport[dask]'",
        ) from exc


def _decide(
    copy: Copy,
    fp: Fingerprint,
    previous: Manifest | None,
    request: BurstRequest,
    root: Path,
    out: Path,
) -> tuple[Entry, Task | None]:
    entry = Entry(
        copy.segment,
        copy.value,
        copy.label,
        dict(copy.params),
        fp.input_sha256,
        fp.layout_sha256,
        fp.version,
        copy.output,
        None,
        None,
        "pending",
    )
    old = previous.entry(copy.segment) if previous else None
    task = Task(
        str(root),
        request.layout,
        copy.segment,
        copy.label,
        dict(copy.params),
        str(out / CACHE_NAME),
        str(out / copy.output),
    )
    if old is not None and reusable(old, entry, out):
        if not request.verify:
            return with_status(
                entry, "skipped", "", pdf_sha256=old.pdf_sha256, pages=old.pages
            ), None
        task = replace(task, expect_sha256=old.pdf_sha256)
    return entry, task


def _order(
    tasks: list[Task], request: BurstRequest, root: Path, out: Path
) -> tuple[tuple[Task, ...], Task | None]:
    """Whole copy first; without one, a cache-warming build when several copies are due."""
    whole = next((t for t in tasks if t.segment == TOTAL_GROUP), None)
    if whole is not None:
        return tuple(t for t in tasks if t is not whole), whole
    if len(tasks) >= 2 and not (out / CACHE_NAME).is_dir():
        return tuple(tasks), Task(
            str(root),
            request.layout,
            TOTAL_GROUP,
            "",
            dict(request.params),
            str(out / CACHE_NAME),
            None,
        )
    return tuple(tasks), None


def run_burst(
    request: BurstRequest, progress: Callable[[Entry], None] | None = None, plan: Plan | None = None
) -> Manifest:
    """Build every copy that needs it, write the manifest, raise if any copy failed."""
    plan = plan or prepare(request)
    out = request.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    journal = Journal(out)
    collect = _Collector(plan.manifest, progress, journal)
    try:
        execute(request, plan, collect)
    finally:
        if plan.helper is not None:
            plan.helper.close()  # reaped (its data unused when no whole report was due)
    manifest = collect.manifest()
    write_manifest(manifest, out)
    journal.remove()
    _raise_failures(manifest)
    return manifest


class _Collector:
    """Turns outcomes into manifest entries as they arrive and reports progress."""

    def __init__(
        self, planned: Manifest, progress: Callable[[Entry], None] | None, journal: Journal
    ) -> None:
        self.planned, self.progress, self.journal = planned, progress, journal
        self.pending = {e.segment: e for e in planned.entries if e.status == "pending"}
        self.results: dict[str, Entry] = {}
        self.warmup = {"charts_drawn": 0, "charts_cached": 0}
        for entry in planned.entries:
            if entry.status == "skipped" and progress:
                progress(entry)

    def __call__(self, outcome: Outcome) -> None:
        if outcome.segment not in self.pending:  # the cache-warming build
            self.warmup["charts_drawn"] += outcome.charts_drawn
            self.warmup["charts_cached"] += outcome.charts_cached
            return
        entry = _entry(self.pending[outcome.segment], outcome)
        self.results[outcome.segment] = entry
        self.journal.append(entry)
        if self.progress:
            self.progress(entry)

    def manifest(self) -> Manifest:
        p = self.planned
        entries = tuple(self.results.get(e.segment, e) for e in p.entries)
        return Manifest(
            p.project,
            p.by,
            p.pattern,
            p.layout,
            entries,
            p.title,
            {"rapport_version": __version__, "warmup": dict(self.warmup)},
        )


def _entry(entry: Entry, outcome: Outcome) -> Entry:
    common = {
        "charts_drawn": outcome.charts_drawn,
        "charts_cached": outcome.charts_cached,
        "pages": outcome.pages,
    }
    if not outcome.ok:
        return with_status(entry, "failed", outcome.message, pdf_sha256=None, **common)
    return with_status(entry, "built", outcome.message, pdf_sha256=outcome.pdf_sha256, **common)


def _raise_failures(manifest: Manifest) -> None:
    failed = failures(manifest.entries)
    if not failed:
        return
    lines = [
        f"  {e.segment}: {e.message.splitlines()[0] if e.message else 'failed'}" for e in failed
    ]
    raise DeliveryError(
        f"{len(failed)} of {len(manifest.entries)} copies failed:\n" + "\n".join(lines),
        hint="the other copies were written; see manifest.json for details",
    )


# -- executors --------------------------------------------------------------------------


def execute(request: BurstRequest, plan: Plan, done: Done) -> None:
    """Run the plan's first task alone, then the rest, on the chosen executor."""
    if not plan.tasks and plan.first is None:
        return
    if request.executor == "dask":
        run_dask(plan, request, done)
    else:
        run_local(plan, request.jobs or os.cpu_count() or 1, done)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def run_local(plan: Plan, jobs: int, done: Done) -> None:
    """A process pool. Where this process may fork (Linux, one thread), it builds the whole
    report itself, as ``rapport build`` does, and the workers are forked from it after:
    they start with its imports, fonts, data and composed chapters and exhibits (shared
    copy-on-write) instead of making them again. Elsewhere, forkserver or spawn."""
    workers = max(1, min(jobs, len(plan.tasks) or 1))
    if may_fork_pool():
        run_forked(plan, workers, done)
    else:
        run_spawned(plan, workers, done)


def may_fork_pool() -> bool:
    """Whether workers may be forked from this process: Linux (a fork elsewhere may meet
    libraries that do not survive it), and no other thread that a fork would cut off."""
    return (
        sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.current_thread() is threading.main_thread()
        and threading.active_count() == 1
    )


def run_forked(plan: Plan, workers: int, done: Done) -> None:
    """The whole report here, then what every copy needs and the whole did not (drawing
    a chart: matplotlib), then the copies on workers forked from this process."""
    if plan.first is not None:
        done(build_first(plan.first, _breakdown(plan.tasks), plan.helper))
    if not plan.tasks:
        return
    warm_up()
    settle()  # what the workers inherit stays out of their collections: shared pages stay shared
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        _collect({pool.submit(build_copy, t): t for t in plan.tasks}, done)


def _breakdown(tasks: tuple[Task, ...]) -> str:
    """The breakdown variable of the copies (``kommune``), "" without copies."""
    return tasks[0].segment.partition("=")[0] if tasks else ""


def run_spawned(plan: Plan, workers: int, done: Done) -> None:
    """Workers started fresh (forkserver or spawn: nothing of this process is forked).
    While the first worker builds the whole report (drawing its charts on a second core),
    the others start and import the pipeline."""
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        if plan.first is not None:
            first = pool.submit(build_alone, plan.first)
            for _ in range(workers - 1):
                pool.submit(warm_up)
            _collect({first: plan.first}, done)
        _collect({pool.submit(build_copy, t): t for t in plan.tasks}, done)


def build_alone(task: Task) -> Outcome:
    """Build a copy while no other copy is being built: its missing charts may be drawn
    by a forked process (on the core the copies will use next)."""
    from ..coldstart import forking_in_worker

    with forking_in_worker():
        return build_copy(task)


def warm_up() -> list[str]:
    """Import what building a copy needs, so a worker is ready when the copies start;
    returns the modules now loaded."""
    from ..charts.lean import import_matplotlib
    from ..process import only_building

    only_building()  # a worker builds copies and exits
    import_matplotlib()
    modules = ["rapport.build", "rapport.charts.figure"]  # the pipeline; matplotlib
    for name in modules:
        importlib.import_module(name)
    return modules


def _collect(futures: Mapping[Future[Any], Task], done: Done) -> None:
    for future in as_completed(futures):
        try:
            outcome = future.result()
        except Exception as exc:  # a worker died (e.g. killed): report, keep going
            outcome = Outcome(
                futures[future].segment,
                ok=False,
                message=f"worker failed: {type(exc).__name__}: {exc}",
            )
        done(outcome)


def run_dask(plan: Plan, request: BurstRequest, done: Done) -> None:
    """The copies as tasks on a Dask cluster that need not share the client's disk.

    The whole report (or a cache-warming build) runs here first; then the project's
    files and the warm caches go to the cluster once as a content-addressed bundle,
    every copy is a small task that returns its PDF bytes, and the bytes are written
    here as they arrive (see :mod:`rapport.burst.remote`)."""
    from .remote import run_remote

    if plan.first is not None:
        done(build_copy(plan.first, plan.helper))
    if plan.tasks:
        assert plan.sources is not None
        run_remote(plan, request.scheduler or "", request.out.resolve() / CACHE_NAME, done)
