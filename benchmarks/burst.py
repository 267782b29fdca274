"""Benchmark: burst the embedded default report by municipality (98 copies + the whole).

Runs :func:`rapport.burst.run_burst` on a private copy of the default project
into an empty output folder (cold chart cache), on all cores, and prints

* total wall seconds (planning, the whole-report warm-up, 98 municipal copies,
  manifest) and seconds per copy;
* peak resident memory: of this process plus every process below it (workers
  and the forkserver; sampled every 0.2 s from /proc by a separate process), and of
  the largest one (``RUSAGE_CHILDREN`` cannot be used: forkserver workers are not our
  children); and the peak proportional set size (PSS) of them all, which counts the
  pages forked workers share with this process once;
* memory across the batch: the workers' summed RSS after 25 %, 50 %, 75 % and
  100 % of the copies, to show whether it stays flat.

Usage::

    .venv/bin/python benchmarks/burst.py [--by kommune] [--jobs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapport.burst import BurstRequest, run_burst
from rapport.burst.manifest import Entry
from rapport.resources import default_project_dir

SAMPLER = r"""
import json, os, select, sys

def field(pid, path, name):
    try:
        with open(f"/proc/{pid}/{path}", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(name):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0

def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            direct = [int(p) for p in handle.read().split()]
    except OSError:
        return []
    return direct + [c for p in direct for c in children(p)]

root, me = int(sys.argv[1]), os.getpid()
peak = {"total": 0.0, "worker": 0.0, "pss": 0.0}
while not select.select([sys.stdin], [], [], 0.2)[0]:
    pids = [p for p in children(root) if p != me]
    each = [field(p, "status", "VmRSS:") for p in pids]
    peak["worker"] = max([peak["worker"], *each])
    peak["total"] = max(peak["total"], field(root, "status", "VmRSS:") + sum(each))
    pss = sum(field(p, "smaps_rollup", "Pss:") for p in [root, *pids])
    peak["pss"] = max(peak["pss"], pss)
print(json.dumps(peak))
"""


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            direct = [int(p) for p in handle.read().split()]
    except OSError:
        return []
    return direct + [c for p in direct for c in _children(p)]


class Sampler:
    """Samples the RSS (and PSS) of this process and all its descendants, from a separate
    process: a sampling thread here would keep the burst from forking its workers."""

    def __init__(self) -> None:
        self.peak_total = self.peak_worker = self.peak_pss = 0.0
        self.proc: subprocess.Popen[str] | None = None

    def workers_mb(self) -> float:
        own = self.proc.pid if self.proc else -1
        return sum(_rss_mb(p) for p in _children(os.getpid()) if p != own)

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SAMPLER, str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def stop(self) -> None:
        assert self.proc is not None
        out, _ = self.proc.communicate("")
        peak = json.loads(out)
        self.peak_total, self.peak_worker, self.peak_pss = (
            peak["total"],
            peak["worker"],
            peak["pss"],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--by", default="kommune")
    parser.add_argument("--jobs", type=int, default=0, help="default: all cores")
    parser.add_argument("--keep", type=Path, help="write the copies here instead of a temp dir")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="rapport-burst-bench-"))
    project = Path(shutil.copytree(default_project_dir(), work / "innovationsbarometeret"))
    out = args.keep or work / "out"
    request = BurstRequest(project=project, by=args.by, out=out, jobs=args.jobs)
    sampler = Sampler()
    timeline: list[float] = []
    finished: list[float] = []

    def progress(entry: Entry) -> None:
        timeline.append(sampler.workers_mb())
        finished.append(time.perf_counter() - start)

    sampler.start()
    start = time.perf_counter()
    try:
        manifest = run_burst(request, progress)
    finally:
        seconds = time.perf_counter() - start
        sampler.stop()
    _report(manifest.summary(), seconds, sampler, timeline, args)
    if finished:
        rest = len(finished) - 1
        print(
            f"whole report (warm-up, cold caches): {finished[0]:.1f} s; then {rest} copies "
            f"in {finished[-1] - finished[0]:.1f} s "
            f"({(finished[-1] - finished[0]) / max(rest, 1):.2f} s per copy)"
        )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def _report(
    summary: dict[str, int],
    seconds: float,
    sampler: Sampler,
    timeline: list[float],
    args: argparse.Namespace,
) -> None:
    copies = summary["copies"]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; jobs: {args.jobs or os.cpu_count()}"
    )
    print(
        f"copies: {copies} ({summary['built']} built, {summary['failed']} failed), "
        f"{summary['pages']} pages; charts drawn {summary['charts_drawn']}, "
        f"from cache {summary['charts_cached']}"
    )
    print(f"total: {seconds:.1f} s ({seconds / max(copies, 1):.2f} s per copy; target ≤ 60 s)")
    print(f"peak RSS, parent + workers (sampled): {sampler.peak_total:.0f} MB")
    print(
        f"peak RSS, largest single process below this one (sampled): {sampler.peak_worker:.0f} MB"
    )
    print(f"peak PSS, parent + workers (shared pages once, sampled): {sampler.peak_pss:.0f} MB")
    marks = [max(1, round(len(timeline) * q)) - 1 for q in (0.25, 0.5, 0.75, 1.0)]
    flat = (
        ", ".join(f"{(i + 1) * 100 // len(timeline)} %: {timeline[i]:.0f} MB" for i in marks)
        if timeline
        else "n/a"
    )
    print(f"workers' RSS across the batch: {flat}")


if __name__ == "__main__":
    main()
