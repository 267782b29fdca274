"""Burst worker: one :class:`Task` → build, hash and write one copy → :class:`Outcome`.

Runs in a worker process (or on a Dask worker). A failing copy never raises: its
error message comes back in the outcome so the other copies still finish.
Within one worker process the project's data sources are loaded once and reused
for every copy of the batch (they do not depend on the segment).
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import RapportError


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


def build_copy(task: Task) -> Outcome:
    """Build one copy; every failure becomes a failed :class:`Outcome` with its message."""
    try:
        return _build(task)
    except RapportError as exc:
        return Outcome(task.segment, False, str(exc))
    except Exception as exc:
        return Outcome(task.segment, False, f"internal error: {type(exc).__name__}: {exc}")


def _build(task: Task) -> Outcome:
    from ..build import BuildOptions, build_report
    from ..write import write_pdf

    if multiprocessing.parent_process() is not None:
        install_sources_memo()
    result = build_report(BuildOptions(
        project=Path(task.project), layout=task.layout, segment=task.segment,
        segment_label=task.label, params=dict(task.params),
        cache_dir=Path(task.cache_dir) if task.cache_dir else None))
    digest = hashlib.sha256(result.pdf).hexdigest()
    done = Outcome(task.segment, True, "", digest, result.pages, result.charts_drawn,
                   result.charts_cached)
    if task.expect_sha256 is not None:
        return _verified(done, task.expect_sha256)
    if task.target is None:
        return done
    write_pdf(result.pdf, Path(task.target))
    return replace(done, wrote=True)


def _verified(done: Outcome, expected: str) -> Outcome:
    if done.pdf_sha256 == expected:
        return replace(done, message="verified: identical bytes")
    return Outcome(done.segment, False,
                   f"not reproducible: inputs are unchanged but the rebuilt PDF differs "
                   f"(SHA-256 {done.pdf_sha256[:12] if done.pdf_sha256 else '?'}… instead of "
                   f"{expected[:12]}…); the earlier file was kept",
                   done.pdf_sha256, done.pages, done.charts_drawn, done.charts_cached)


# -- per-process reuse of loaded data sources ----------------------------------------------

_MEMO: dict[tuple, Any] = {}


def install_sources_memo() -> None:
    """Make ``rapport.build`` reuse the data sources of the previous copy when unchanged.

    Only ever called inside a worker process that rapport started, never in the
    caller's process. The key covers everything ``load_sources`` reads.
    """
    from .. import build

    current: Callable[..., Any] = build.load_sources
    if getattr(current, "rapport_burst_memo", False):
        return

    def memo(project: Any, *args: Any, **kwargs: Any) -> Any:
        key = sources_key(project)
        if key not in _MEMO:
            _MEMO.clear()
            _MEMO[key] = current(project, *args, **kwargs)
        return _MEMO[key]

    memo.rapport_burst_memo = True  # type: ignore[attr-defined]
    build.load_sources = memo  # type: ignore[assignment]


def sources_key(project: Any) -> tuple:
    """Everything that changes the loaded sources: files (path, size, mtime) and settings."""
    parts: list[Any] = [project.disclosure.threshold, project.disclosure.on_suppressed]
    for ds in project.data:
        files = [p for p in (ds.results, ds.respondents, ds.questionnaire) if p]
        stats = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
        parts.append((ds.name, tuple(ds.by), ds.encoding, ds.synthetic, tuple(stats)))
    return tuple(parts)
