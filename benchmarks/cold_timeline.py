"""Timeline of one cold build: when each stage starts and ends, in which process.

Runs ``rapport build`` on a private copy of the default project into an empty folder
(new process, empty caches) with the pipeline's debug log switched on, and prints
every step with the wall time since the start, the CPU seconds of the process that
logged it (a forked helper counts from its fork) and who it is: the main process, the
data helper or the chart drawer (see ``rapport.coldstart``). Then the whole
process's wall and CPU seconds (children included) and its peak memory. Usage::

    .venv/bin/python benchmarks/cold_timeline.py [--runs 3] [PROJECT]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapport.resources import default_project_dir

CHILD = """
import logging, os, sys, time
start = float(sys.argv[3])
main_pid = os.getpid()

class Timeline(logging.Formatter):
    def format(self, record):
        who = "main" if os.getpid() == main_pid else record.getMessage().split(":")[0]
        at = record.created - start
        return f"{at:6.2f} s  cpu {time.process_time():5.2f}  {who:<11} {record.getMessage()}"

handler = logging.StreamHandler(sys.stderr)
handler.setFormatter(Timeline())
for name in ("rapport.progress", "rapport.coldstart"):
    logger = logging.getLogger(name)
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
logging.getLogger("rapport.progress").debug("main: started")
from rapport.cli import main
sys.argv = ["rapport", "build", sys.argv[1], "-o", sys.argv[2]]
main()  # as the console script runs it
"""


def one(project: Path, *, show: bool) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ud" / "rapport.pdf"
        start = time.time()
        args = [sys.executable, "-c", CHILD, str(project), str(out), repr(start)]
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.time() - start
        stdout, stderr = proc.communicate()
        if status != 0:
            raise SystemExit(f"build failed:\n{stdout}{stderr}")
        if show:
            print(stderr.rstrip())
            print(stdout.rstrip())
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("project", nargs="?", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "projekt"
        shutil.copytree(args.project or default_project_dir(), project)
        runs = [one(project, show=i == args.runs - 1) for i in range(args.runs)]
    walls, cpus, rss = zip(*runs, strict=True)
    print(
        f"cold build, {args.runs} run(s): wall median {statistics.median(walls):.2f} s "
        f"(min {min(walls):.2f}), CPU median {statistics.median(cpus):.2f} s, "
        f"peak memory {max(rss):.0f} MB (largest process); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
