"""Benchmark: rapport against the Typst peer, alternating, in one run, whole processes.

The peer is a report of the same class built with Typst (12 Danish chapters, 30
pre-drawn charts, 15 tables, contents, running heads, about 58 pages); its scripts
live outside this repository (``--peer DIR``, or ``$TYPST_PEER``, or a
``shared/bench/typst-peer`` folder found above the repository). Typst itself comes
from PyPI: ``pip install -e '.[bench]'``. The peer's text and charts are made once
before timing (Typst does not draw charts from data).

Each round times, each as a new process and each preceded by a Typst build:

* ``cold``  — ``rapport build`` with empty caches;
* ``warm``  — the same build again, nothing changed;
* ``edit``  — after one sentence of a chapter changed (charts redrawn are counted);

then, in this process, a sentence edit rebuilt by a running ``rapport watch``
(``watch``), and in the first ``--burst-runs`` rounds ``rapport burst --by kommune``
(98 copies plus the whole report, empty output folder). It prints medians, the
ratio of each to Typst's median, CPU seconds (user + system of the process and its
children: steadier than wall time on a busy machine; not for the burst, whose workers
are not its children), the peak memory of any build,
and whether each output's bytes were the same whatever the cache state (a warm
build equals the cold one; an edited build equals the next round's cold build).

Usage::

    .venv/bin/python benchmarks/vs_typst.py [--runs 5] [--burst-runs 5] [--peer DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from build import edit_text, machine

from rapport.resources import default_project_dir

TARGETS = {"warm": 1.5, "edit": 1.5, "cold": 3.0, "watch": 0.4, "burst": 27.0}


@dataclass(frozen=True)
class Timed:
    wall: float
    cpu: float
    rss_mb: float
    stdout: str


def run(cmd: list[str], env: dict[str, str] | None = None) -> Timed:
    """A whole process: wall seconds, CPU seconds (with its children), peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode()
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{text}{err.read().decode()}")
    return Timed(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


def find_peer(given: Path | None) -> Path:
    if given or os.environ.get("TYPST_PEER"):
        return Path(given or os.environ["TYPST_PEER"]).resolve()
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "bench" / "typst-peer"
        if (candidate / "build_typst.py").is_file():
            return candidate
    raise SystemExit("Typst peer not found: pass --peer DIR (the folder with build_typst.py)")


def prepare_peer(peer: Path, work: Path) -> dict[str, str]:
    """Make the peer's text and charts once (not timed); returns its environment."""
    env = {**os.environ, "TYPST_PEER_OUT": str(work / "typst-peer")}
    run([sys.executable, str(peer / "content.py")], env)
    run([sys.executable, str(peer / "charts.py"), "--formats", "svg"], env)
    return env


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def charts_drawn(line: str) -> int:
    found = re.search(r"charts drawn (\d+)", line)
    return int(found.group(1)) if found else -1


class Watcher:
    """A running ``rapport watch`` session in this process (imports and caches warm)."""

    def __init__(self, project: Path, out: Path) -> None:
        from rapport.build import BuildOptions
        from rapport.watch import build_once

        self.build_once, self.out = build_once, out
        self.options = BuildOptions(project=project, cache_dir=out.parent / ".rapport-cache")
        self.build_once(self.options, out)
        self.build_once(self.options, out)

    def edit(self, project: Path, round_: int) -> Timed:
        edit_text(project, 1000 + round_)
        cpu = time.process_time()
        event = self.build_once(self.options, self.out)
        if event.error is not None:
            raise SystemExit(f"watch rebuild failed: {event.error}")
        return Timed(event.seconds, time.process_time() - cpu, 0.0, "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--burst-runs", type=int, default=5, help="0 skips the burst")
    parser.add_argument("--peer", type=Path)
    args = parser.parse_args()
    peer = find_peer(args.peer)
    byte_compile()
    work = Path(tempfile.mkdtemp(prefix="rapport-vs-typst-"))
    try:
        env = prepare_peer(peer, work)
        results, checks = rounds(args, peer, env, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(results, checks, args)


def byte_compile() -> None:
    """Compile rapport's modules once, as installing it from a wheel does: with an
    editable install and PYTHONDONTWRITEBYTECODE set, every timed process would
    otherwise compile about a hundred modules from source (about 0,1 s each time)."""
    import compileall

    import rapport

    compileall.compile_dir(Path(rapport.__file__).parent, quiet=1)


def rounds(
    args: argparse.Namespace, peer: Path, env: dict[str, str], work: Path
) -> tuple[dict[str, list[Timed]], dict[str, object]]:
    typst = [sys.executable, str(peer / "build_typst.py"), "--charts", "svg"]
    rapport = [sys.executable, "-m", "rapport"]
    project = Path(shutil.copytree(default_project_dir(), work / "projekt"))
    out = work / "ud" / "rapport.pdf"
    watched = Path(shutil.copytree(default_project_dir(), work / "watch" / "projekt"))
    watcher = Watcher(watched, work / "watch" / "ud" / "rapport.pdf")
    results: dict[str, list[Timed]] = defaultdict(list)
    same, drawn, previous_edit = [], [], None
    for i in range(args.runs):
        build = [*rapport, "build", str(project), "-o", str(out)]
        results["typst"].append(run(typst, env))
        shutil.rmtree(out.parent / ".rapport-cache", ignore_errors=True)
        results["cold"].append(run(build))
        cold = sha(out)
        if previous_edit is not None:
            same.append(previous_edit == cold)
        results["typst"].append(run(typst, env))
        results["warm"].append(run(build))
        same.append(sha(out) == cold)
        results["typst"].append(run(typst, env))
        edit_text(project, i)
        results["edit"].append(run(build))
        drawn.append(charts_drawn(results["edit"][-1].stdout))
        previous_edit = sha(out)
        results["typst"].append(run(typst, env))
        results["watch"].append(watcher.edit(watched, i))
        if i < args.burst_runs:
            results["typst"].append(run(typst, env))
            burst_out = work / f"kopier{i}"
            results["burst"].append(
                run([*rapport, "burst", str(project), "--by", "kommune", "-o", str(burst_out)])
            )
            shutil.rmtree(burst_out, ignore_errors=True)
        print(f"round {i + 1}/{args.runs} done", file=sys.stderr)
    return results, {"same_bytes": all(same), "compared": len(same), "drawn": max(drawn)}


def report(
    results: dict[str, list[Timed]], checks: dict[str, object], args: argparse.Namespace
) -> None:
    typst_wall = statistics.median(t.wall for t in results["typst"])
    typst_cpu = statistics.median(t.cpu for t in results["typst"])
    print(f"machine: {machine()}; load average at the end {os.getloadavg()[0]:.1f}")
    print(f"medians of {args.runs} (burst: {args.burst_runs}); whole processes, alternating")
    print(f"{'build':<8} {'wall s':>7} {'ratio':>6} {'target':>7} {'cpu s':>7} {'ratio':>6}")
    print(f"{'typst':<8} {typst_wall:7.2f} {1:6.2f} {'':>7} {typst_cpu:7.2f} {1:6.2f}")
    for name in ("warm", "edit", "cold", "watch", "burst"):
        if not results.get(name):
            continue
        wall = statistics.median(t.wall for t in results[name])
        cpu = statistics.median(t.cpu for t in results[name])
        cpu_text = f"{cpu:7.2f} {cpu / typst_cpu:6.2f}" if name != "burst" else f"{'–':>7}"
        print(
            f"{name:<8} {wall:7.2f} {wall / typst_wall:6.2f} {'≤ ' + str(TARGETS[name]):>7} "
            f"{cpu_text}"
        )
    builds = [t.rss_mb for k in ("cold", "warm", "edit") for t in results[k]]
    print(f"peak memory of a build (max RSS, largest process): {max(builds):.0f} MB (≤ 300)")
    print(f"charts redrawn after a one-sentence edit: {checks['drawn']} (target 0)")
    print(
        f"bytes independent of the cache state: {'yes' if checks['same_bytes'] else 'NO'} "
        f"({checks['compared']} comparisons)"
    )


if __name__ == "__main__":
    main()
