"""Benchmark: build the embedded default report the way a user does.

Each measurement runs ``rapport build`` in a fresh process (so imports count)
on a private copy of the default project:

1. cold build — new process, empty chart cache;
2. warm rebuild — same inputs, chart cache filled;
3. rebuild after a text-only change — one sentence of a chapter edited; the
   number of charts redrawn is read from the command's own report line.

It prints wall time, pages per second and the peak resident memory of each
child process, plus the machine it ran on. Usage::

    .venv/bin/python benchmarks/build.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapport.resources import default_project_dir

RAPPORT = [sys.executable, "-m", "rapport"]


def run_build(project: Path, out: Path) -> tuple[float, float, str]:
    """One build in a child process: (seconds, peak RSS in MB, report line)."""
    script = (
        "import resource, sys;"
        "sys.argv=['rapport','build',sys.argv[1],'-o',sys.argv[2]];"
        "code=0\n"
        "try:\n from rapport.cli import cli; cli(prog_name='rapport')\n"
        "except SystemExit as e:\n code=e.code or 0\n"
        "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)"
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", script, str(project), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stdout}{proc.stderr}")
    rss = int(re.search(r"maxrss (\d+)", proc.stderr).group(1)) / 1024  # type: ignore[union-attr]
    return seconds, rss, proc.stdout.strip()


def pages_of(line: str) -> int:
    return int(re.search(r"\((\d+) pages", line).group(1))  # type: ignore[union-attr]


def drawn_of(line: str) -> int:
    return int(re.search(r"charts drawn (\d+)", line).group(1))  # type: ignore[union-attr]


def edit_text(project: Path, round_: int) -> None:
    chapter = sorted((project / "chapters").glob("*.md"))[0]
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(
        text + f"\nEn ekstra sætning til benchmark nr. {round_}.\n", encoding="utf-8"
    )


def watch_rebuilds(runs: int) -> list[float]:
    """Text edits rebuilt by a running watcher (imports, fonts and caches already warm)."""
    from rapport.build import BuildOptions
    from rapport.watch import build_once

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "projekt"
        shutil.copytree(default_project_dir(), project)
        out = Path(tmp) / "ud" / "rapport.pdf"
        options = BuildOptions(project=project, cache_dir=out.parent / ".rapport-cache")
        build_once(options, out)
        build_once(options, out)
        for i in range(runs + 2):
            edit_text(project, 100 + i)
            event = build_once(options, out)
            if event.error is not None:
                raise SystemExit(f"watch rebuild failed: {event.error}")
            times.append(event.seconds)
    return times


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cold, warm, edited, rss, pages, drawn = [], [], [], [], 0, []
    for i in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "projekt"
            shutil.copytree(default_project_dir(), project)
            out = Path(tmp) / "ud" / "rapport.pdf"
            seconds, peak, line = run_build(project, out)
            cold.append(seconds)
            rss.append(peak)
            pages = pages_of(line)
            seconds, peak, line = run_build(project, out)
            warm.append(seconds)
            rss.append(peak)
            edit_text(project, i)
            seconds, peak, line = run_build(project, out)
            edited.append(seconds)
            drawn.append(drawn_of(line))
            rss.append(peak)
    print(f"machine: {machine()}")
    print(f"default report: {pages} pages; {args.runs} runs, median shown")
    _show("cold build (new process, empty chart cache)", cold, pages)
    _show("rebuild, nothing changed", warm, pages)
    _show("rebuild after a text-only change", edited, pages)
    print(f"charts redrawn after the text change: {max(drawn)}")
    watch = watch_rebuilds(args.runs)
    print(
        f"rebuild after a text-only change inside 'rapport watch': "
        f"{statistics.median(watch):.2f} s (min {min(watch):.2f}, max {max(watch):.2f})"
    )
    print(
        f"peak memory (max RSS of any build): {max(rss):.0f} MB "
        f"(children max {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB)"
    )


def _show(label: str, values: list[float], pages: int) -> None:
    median = statistics.median(values)
    print(
        f"{label}: {median:.2f} s ({pages / median:.1f} pages/s; "
        f"min {min(values):.2f}, max {max(values):.2f})"
    )


if __name__ == "__main__":
    main()
