"""Burst worker: one :class:`Task` → build, hash and write one copy → :class:`Outcome`.

Runs in a worker process (or on a Dask worker). A failing copy never raises: its
error message comes back in the outcome so the other copies still finish.
Within one worker process the project's data sources are loaded once and reused
for every copy of the batch (they do not depend on the segment).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import RapportError
from ..memo import settle
from .ship import CACHE, Bundle, unpack

if TYPE_CHECKING:
    from ..coldstart import DataHelper


@dataclass(frozen=True)
class Task:
    """What one worker builds. ``target`` None = warm the chart cache only."""

    project: str
    layout: str | None
    segment: str
    label: str
    params: Mapping[str, str] = field(default_factory=dict)
    cache_dir: str | None = None
    target: str | None = None
    expect_sha256: str | None = None
    send_pdf: bool = False  # return the bytes instead of writing them (a remote worker)


@dataclass(frozen=True)
class Job:
    """A copy to build from a :class:`~rapport.burst.ship.Bundle`: no path of the client's.

    ``layout`` is a shipped layout's name (None: the bundle's layout, or the project's)."""

    segment: str
    label: str
    params: Mapping[str, str] = field(default_factory=dict)
    layout: str | None = None
    expect_sha256: str | None = None


@dataclass(frozen=True)
class Outcome:
    segment: str
    ok: bool
    message: str = ""
    pdf_sha256: str | None = None
    pages: int | None = None
    charts_drawn: int = 0
    charts_cached: int = 0
    wrote: bool = False
    pdf: bytes | None = field(default=None, repr=False)


def build_copy(task: Task, helper: DataHelper | None = None) -> Outcome:
    """Build one copy; every failure becomes a failed :class:`Outcome` with its message.

    A worker builds many copies: what one copy composed that the next can reuse (exhibit
    products, rendered chapters, parsed paragraphs, drawings) stays in the process's
    memories, which are settled after each copy (see :func:`rapport.memo.settle`)."""
    try:
        return _build(task, helper)
    except RapportError as exc:
        return Outcome(task.segment, ok=False, message=str(exc))
    except Exception as exc:
        return Outcome(
            task.segment, ok=False, message=f"internal error: {type(exc).__name__}: {exc}"
        )
    finally:
        settle()


def build_shipped(bundle: Bundle, job: Job) -> Outcome:
    """Build one copy on a worker that shares no disk with the client; the bytes come back."""
    try:
        folder = unpack(bundle)
    except (OSError, RapportError) as exc:
        return Outcome(
            job.segment, ok=False, message=f"cannot unpack the project on the worker: {exc}"
        )
    layout = str(folder / bundle.layout) if bundle.layout else job.layout
    task = Task(
        str(folder / bundle.project),
        layout,
        job.segment,
        job.label,
        dict(job.params),
        str(folder / CACHE),
        None,
        job.expect_sha256,
        send_pdf=True,
    )
    return build_copy(task)


def build_first(task: Task, breakdown: str, helper: DataHelper | None = None) -> Outcome:
    """Build the first copy (the whole report) in the process the copies' workers will be
    forked from, as ``rapport build`` builds: a cold build's data helper (``helper``, or
    one started here) loads the data, with the significance tests of ``breakdown``
    (``kommune``) the copies will ask for, while this process composes (see
    :mod:`rapport.coldstart`)."""
    from ..coldstart import start_helper

    cache = Path(task.cache_dir) if task.cache_dir else None
    if helper is None and cache is not None:
        helper = start_helper(Path(task.project), cache, f"{breakdown}=")
    try:
        return build_copy(task, helper)
    finally:
        if helper is not None:
            helper.close()


def _build(task: Task, helper: DataHelper | None = None) -> Outcome:
    from ..build import BuildOptions, build_report
    from ..write import write_pdf

    result = build_report(
        BuildOptions(
            project=Path(task.project),
            layout=task.layout,
            segment=task.segment,
            segment_label=task.label,
            params=dict(task.params),
            cache_dir=Path(task.cache_dir) if task.cache_dir else None,
        ),
        helper,
    )
    digest = hashlib.sha256(result.pdf).hexdigest()
    done = Outcome(
        task.segment,
        ok=True,
        pdf_sha256=digest,
        pages=result.pages,
        charts_drawn=result.charts_drawn,
        charts_cached=result.charts_cached,
    )
    if task.expect_sha256 is not None:
        return _verified(done, task.expect_sha256)
    if task.target is None:
        return replace(done, pdf=result.pdf) if task.send_pdf else done
    write_pdf(result.pdf, Path(task.target))
    return replace(done, wrote=True)


def _verified(done: Outcome, expected: str) -> Outcome:
    if done.pdf_sha256 == expected:
        return replace(done, message="verified: identical bytes")
    return replace(
        done,
        ok=False,
        message=f"not reproducible: inputs are unchanged but the rebuilt PDF differs "
        f"(SHA-256 {done.pdf_sha256[:12] if done.pdf_sha256 else '?'}… instead of "
        f"{expected[:12]}…); the earlier file was kept",
    )
