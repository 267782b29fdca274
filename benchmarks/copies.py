"""Benchmark: tailored copies built one after another in one process, as a burst worker does.

On a private cache folder the whole default report is built first (as a burst does),
then ``--copies`` municipal copies in a row through :func:`rapport.burst.work.build_copy`.
Prints CPU seconds (``time.process_time``, robust on a shared machine) of the first copy
(the process's memories still cold) and the median of the later ones, and the median
composition (``prepare_report``) of as many further copies not built before.

Usage::

    .venv/bin/python benchmarks/copies.py [--copies 12]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rapport.build import BuildOptions, build_report, prepare_report
from rapport.burst.work import Task, build_copy
from rapport.resources import default_project_dir

KOMMUNER = [
    "Aarhus",
    "Odense",
    "Aalborg",
    "Esbjerg",
    "Vejle",
    "Randers",
    "Kolding",
    "Horsens",
    "Aabenraa",
    "Assens",
    "Ballerup",
    "Billund",
    "Bornholm",
    "Brøndby",
    "Fanø",
    "Favrskov",
    "Faxe",
    "Gentofte",
    "Gladsaxe",
    "Herning",
    "Hjørring",
    "Holbæk",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="at most 11")
    args = parser.parse_args()
    count = min(max(2, args.copies), len(KOMMUNER) // 2)
    project, names, others = default_project_dir(), KOMMUNER[:count], KOMMUNER[count:]
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / ".rapport-cache"
        build_report(BuildOptions(project=project, cache_dir=cache))
        seconds = []
        for name in names:
            task = Task(str(project), None, f"kommune={name}", name, {}, str(cache), None)
            start = time.process_time()
            outcome = build_copy(task)
            seconds.append(time.process_time() - start)
            if not outcome.ok:
                raise SystemExit(f"copy {name} failed: {outcome.message}")
        parts = []
        for name in others[: count - 1]:  # copies not built yet: their own parts are made
            options = BuildOptions(
                project=project, cache_dir=cache, segment=f"kommune={name}", segment_label=name
            )
            start = time.process_time()
            prep = prepare_report(options)
            parts.append(time.process_time() - start)
            if prep.factory.figures.worker is not None:
                prep.factory.figures.worker.close()
    later = statistics.median(seconds[1:])
    compose = statistics.median(parts)
    print(f"first copy      {seconds[0]:.3f} s CPU")
    print(f"later copies    {later:.3f} s CPU (median of {len(seconds) - 1})")
    print(f"  composition   {compose:.3f} s, rendering and writing {later - compose:.3f} s")


if __name__ == "__main__":
    main()
