"""Cold builds of two or more checkouts of rapport, alternating, against the Typst peer.

Each round builds the default report with every checkout's ``src`` folder in turn (a new
process, an empty output folder: empty caches), with one Typst build of the peer before
them; prints each checkout's wall and CPU seconds (medians and minimums; CPU of the whole
process tree) and its ratio to Typst's median. Alternating in one run is what makes two
versions comparable on a machine whose speed drifts. Usage::

    git worktree add ../rapport-old <commit>
    .venv/bin/python benchmarks/cold_ab.py --runs 9 src ../rapport-old/src

Every checkout runs with this venv's Python and packages; each is byte-compiled first (as
installing from a wheel does).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vs_typst import find_peer, prepare_peer, run

from rapport.resources import default_project_dir


def cold(src: Path, project: Path) -> tuple[float, float]:
    """One cold build with ``src`` first on the path: (wall, CPU) seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(src)}
        cmd = [sys.executable, "-m", "rapport", "build", str(project), "-o", f"{tmp}/ud/r.pdf"]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        if status != 0:
            raise SystemExit(f"the build with {src} failed")
        return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", type=Path, nargs="+", help="src folders of the checkouts")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--peer", type=Path)
    args = parser.parse_args()
    sources = [s.resolve() for s in args.sources]
    for src in sources:
        compileall.compile_dir(src / "rapport", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="rapport-cold-ab-"))
    try:
        peer = find_peer(args.peer)
        env = prepare_peer(peer, work)
        project = Path(shutil.copytree(default_project_dir(), work / "projekt"))
        typst = [sys.executable, str(peer / "build_typst.py"), "--charts", "svg"]
        peer_walls, results = [], {src: [] for src in sources}
        for _ in range(args.runs):
            peer_walls.append(run(typst, env).wall)
            for src in sources:
                results[src].append(cold(src, project))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(peer_walls, results, args.runs)


def report(peer: list[float], results: dict[Path, list[tuple[float, float]]], runs: int) -> None:
    typst = statistics.median(peer)
    print(f"cold builds, {runs} round(s), alternating; Typst median {typst:.2f} s")
    for src, times in results.items():
        walls, cpus = [w for w, _ in times], [c for _, c in times]
        wall = statistics.median(walls)
        print(
            f"{src}: wall {wall:.2f} s (min {min(walls):.2f}), "
            f"CPU {statistics.median(cpus):.2f} s (min {min(cpus):.2f}), "
            f"ratio to Typst {wall / typst:.2f}"
        )


if __name__ == "__main__":
    main()
