"""Rebuild a report whenever one of its files changes (``rapport watch``).

The process stays alive between builds, so imports, registered fonts, the
chart cache, aggregated data and the renderer's warm start are all reused: a
text edit rebuilds in a fraction of a cold build's time. Files are polled
(modification time and size) so it works the same everywhere, with no extra
dependency. A build that fails reports its error and the watcher keeps going;
the PDF on disk is only ever replaced by a complete one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .build import BuildOptions, BuildResult, build_report
from .errors import RapportError
from .memo import settle
from .project import find_definition
from .resources import default_project_dir
from .write import write_pdf

Stamp = tuple[tuple[str, float, int], ...]


@dataclass(frozen=True)
class WatchEvent:
    """What one round produced: a result, or the error that stopped it, and its time."""

    seconds: float
    result: BuildResult | None = None
    error: RapportError | None = None


def project_files(options: BuildOptions) -> list[Path]:
    """Every file the build may read: the project folder and a layout file outside it."""
    root = options.project or default_project_dir()
    root = root if root.is_dir() else find_definition(root.parent).parent
    files = [p for p in root.rglob("*") if p.is_file() and ".rapport-cache" not in p.parts]
    if options.layout and Path(options.layout).is_file():
        files.append(Path(options.layout))
    return sorted(files)


def stamp(files: Iterable[Path]) -> Stamp:
    out = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        out.append((str(path), info.st_mtime, info.st_size))
    return tuple(out)


def build_once(options: BuildOptions, target: Path) -> WatchEvent:
    start = time.perf_counter()
    try:
        result = build_report(options)
        write_pdf(result.pdf, target)
    except RapportError as exc:
        return WatchEvent(time.perf_counter() - start, error=exc)
    finally:
        settle()  # the next rebuild reuses what this one kept, without scanning it
    return WatchEvent(time.perf_counter() - start, result=result)


def watch(
    options: BuildOptions,
    target: Path,
    report: Callable[[WatchEvent], None],
    *,
    poll: float = 0.3,
    max_builds: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Build now and after every change; returns the number of builds made."""
    builds, seen = 0, None
    while max_builds is None or builds < max_builds:
        current = stamp(project_files(options))
        if current != seen:
            seen = current
            report(build_once(options, target))
            builds += 1
            continue
        sleep(poll)
    return builds
