"""Timeline of a burst, per process: when each copy starts and ends, and its CPU seconds.

Runs :func:`rapport.burst.run_burst` on a private copy of the default project into an
empty folder (``--by kommune``, 2 workers) with every task timed where it runs: the
whole report (in this process on Linux, with its helpers' CPU seconds), the warm-up,
and each copy in its worker. Prints, per process, when its first task started and its
last ended (wall seconds since the start), the idle gaps between its tasks, its first
copies and the median of its later ones (CPU seconds, steadier than wall time on a
shared machine), and an estimate of the burst on an idle machine: the time the copies
started plus the larger worker's CPU seconds of copies (on a busy machine the start is
late too, and CPU seconds run ~10–20 % high). Usage::

    .venv/bin/python benchmarks/burst_timeline.py [--by kommune] [--jobs 2] [--spawn]

``--spawn`` starts the workers fresh (forkserver), as on systems where they are not
forked from this process, to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import rapport.burst.run as run
from rapport.burst import BurstRequest, run_burst
from rapport.resources import default_project_dir

LOG = Path(  # one file for this process and its workers (forkserver ones import this anew)
    os.environ.setdefault(
        "RAPPORT_BURST_TIMELINE",
        str(Path(tempfile.gettempdir()) / f"rapport-burst-timeline-{os.getpid()}.jsonl"),
    )
)
ORIGINAL = {"copy": run.build_copy, "first": run.build_first, "warm": run.warm_up}


def _timed(kind: str, segment: str, work: Callable[[], Any]) -> Any:
    wall, cpu = time.time(), time.process_time()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = work()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    helpers = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    record = {
        "pid": os.getpid(),
        "kind": kind,
        "segment": segment,
        "start": wall,
        "end": time.time(),
        "cpu": time.process_time() - cpu,
        "helpers": helpers,
    }
    with LOG.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    return out


def timed_copy(task: Any, helper: Any = None) -> Any:
    return _timed("copy", task.segment, lambda: ORIGINAL["copy"](task, helper))


def timed_first(task: Any, breakdown: str, helper: Any = None) -> Any:
    return _timed("whole", task.segment, lambda: ORIGINAL["first"](task, breakdown, helper))


def timed_alone(task: Any) -> Any:
    from rapport.coldstart import forking_in_worker

    with forking_in_worker():
        return _timed("whole", task.segment, lambda: ORIGINAL["copy"](task))


def timed_warm() -> Any:
    return _timed("warm-up", "", ORIGINAL["warm"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--by", default="kommune")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--spawn", action="store_true", help="workers started by forkserver")
    args = parser.parse_args()
    run.build_copy, run.build_first, run.warm_up = timed_copy, timed_first, timed_warm
    run.build_alone = timed_alone
    if args.spawn:
        run.may_fork_pool = lambda: False
    work = Path(tempfile.mkdtemp(prefix="rapport-burst-timeline-"))
    project = Path(shutil.copytree(default_project_dir(), work / "innovationsbarometeret"))
    start, cpu = time.time(), time.process_time()
    try:
        run_burst(BurstRequest(project=project, by=args.by, out=work / "out", jobs=args.jobs))
        wall = time.time() - start
        print(f"burst: {wall:.1f} s wall; this process {time.process_time() - cpu:.2f} s CPU")
        _report([json.loads(line) for line in LOG.read_text(encoding="utf-8").splitlines()], start)
    finally:
        LOG.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def _report(records: list[dict[str, Any]], start: float) -> None:
    copies_from, loads = 0.0, []
    for pid in sorted({r["pid"] for r in records}):
        mine = sorted((r for r in records if r["pid"] == pid), key=lambda r: r["start"])
        gaps = sum(b["start"] - a["end"] for a, b in pairwise(mine))
        print(
            f"process {pid}: {len(mine)} task(s), {mine[0]['start'] - start:.2f}–"
            f"{mine[-1]['end'] - start:.2f} s, idle between tasks {gaps:.2f} s, "
            f"CPU {sum(r['cpu'] for r in mine):.2f} s"
        )
        for r in mine[:3]:
            helpers = f" (+ helpers {r['helpers']:.2f} s)" if r["helpers"] else ""
            print(
                f"  {r['kind']:<7} {r['segment']:<24} {r['start'] - start:6.2f}–"
                f"{r['end'] - start:6.2f} s  CPU {r['cpu']:.3f} s{helpers}"
            )
        copies = [r for r in mine if r["kind"] == "copy"]
        if copies:
            copies_from = max(copies_from, copies[0]["start"] - start)
            loads.append(sum(r["cpu"] for r in copies))
        if len(copies) > 1:
            later = [r["cpu"] for r in copies[1:]]
            print(
                f"  later copies: median {statistics.median(later):.3f} s CPU "
                f"(min {min(later):.3f}, max {max(later):.3f}), {len(later)} of them"
            )
    if loads:
        print(
            f"idle-machine estimate: copies from {copies_from:.2f} s + the larger worker's "
            f"{max(loads):.2f} s of copies = {copies_from + max(loads):.1f} s"
        )


if __name__ == "__main__":
    main()
