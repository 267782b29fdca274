"""Benchmark: ``rapport burst --by kommune`` locally and on a Dask cluster of 1 and 2 workers.

Each run bursts a private copy of the embedded default report into an empty output
folder (cold caches: the whole report is built first, then 98 municipal copies). The
cluster is a real one: a ``dask scheduler`` and ``dask worker --nworkers N`` started as
separate programs, each in its own working and temporary folder, so the copies travel
as bytes (see ``rapport.burst.remote``). Printed per executor: wall seconds, copies per
second, and for Dask the bytes sent over the network (the bundle once, the jobs, the
returned PDFs) and what that comes to per copy.

Usage::

    .venv/bin/python benchmarks/burst_cluster.py [--by kommune] [--values A,B] [--jobs 2]
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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rapport.burst import BurstRequest, run_burst
from rapport.burst.remote import LAST
from rapport.resources import default_project_dir


@contextmanager
def dask_cluster(workers: int, folder: Path) -> Iterator[str]:
    """A scheduler and ``workers`` single-threaded worker processes in their own folders."""
    from dask.distributed import Client

    procs: list[subprocess.Popen[bytes]] = []

    def start(args: list[str], name: str) -> None:
        (folder / name / "tmp").mkdir(parents=True)
        env = {**os.environ, "TMPDIR": str(folder / name / "tmp")}
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "dask", *args],
                cwd=folder / name,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )

    info = folder / "scheduler.json"
    start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
           "--scheduler-file", str(info)], "scheduler")  # fmt: skip
    try:
        while not info.is_file():
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        start(["worker", address, "--nworkers", str(workers), "--nthreads", "1",
               "--no-dashboard"], "workers")  # fmt: skip
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
            proc.wait()


def one_run(project: Path, out: Path, args: argparse.Namespace, **how: object) -> str:
    """Burst once; 'N copies in S s = R copies/s (segment copies after the whole: …)'."""
    values = tuple(v for v in (args.values or "").split(",") if v)
    request = BurstRequest(project=project, by=args.by, out=out, values=values, **how)  # type: ignore[arg-type]
    times: list[float] = []
    start = time.perf_counter()
    manifest = run_burst(request, lambda entry: times.append(time.perf_counter()))
    seconds, copies = time.perf_counter() - start, manifest.summary()["built"]
    rest = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    return (
        f"{copies} copies in {seconds:.1f} s = {copies / seconds:.2f} copies/s "
        f"(whole report {times[0] - start:.1f} s, then {rest:.2f} copies/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--by", default="kommune")
    parser.add_argument("--values", help="only these values (a quicker run)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="local executor")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    work = Path(tempfile.mkdtemp(prefix="rapport-cluster-bench-"))
    try:
        project = Path(shutil.copytree(default_project_dir(), work / "innovationsbarometeret"))
        print(
            f"local, {args.jobs} processes: "
            + one_run(project, work / "local", args, jobs=args.jobs)
        )
        for workers in (1, 2):
            with dask_cluster(workers, work / f"cluster{workers}") as address:
                line = one_run(
                    project, work / f"dask{workers}", args, executor="dask", scheduler=address
                )
            print(
                f"dask, {workers} worker(s): {line}; sent once: bundle {LAST.bundle / 1e6:.2f} MB; "
                f"per copy: job {LAST.jobs / max(LAST.copies, 1):.0f} B out, result "
                f"{LAST.results / max(LAST.copies, 1) / 1e3:.0f} kB back, "
                f"{LAST.per_copy() / 1e3:.0f} kB in all with the bundle's share"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
