"""Benchmark: the large inputs of the hardening work, each in a fresh process.

1. ``rapport aggregate`` of about 600.000 respondents (the synthetic default respondent
   file repeated with new ids, about 200 MB of CSV) by sektor, region and kommune;
2. ``rapport build`` of the small test project with one chapter holding a single
   paragraph of 1 MB (and one of 400 KB).

The data is generated on the fly in a temporary folder (nothing large is committed).
It prints wall time and the peak resident memory (max RSS) of each child process.
Usage::

    .venv/bin/python benchmarks/hardening.py [--rows 600000] [--skip-aggregate]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapport.resources import default_project_dir

MINI = Path(__file__).parents[1] / "tests" / "engine" / "fixtures" / "mini"
WORDS = [
    "innovation",
    "offentlige",
    "arbejdspladser",
    "samarbejde",
    "borgere",
    "løsninger",
    "effekt",
]
CHILD = (
    "import resource, sys;"
    "sys.argv=['rapport', *sys.argv[1:]];"
    "code=0\n"
    "try:\n from rapport.cli import cli; cli(prog_name='rapport')\n"
    "except SystemExit as e:\n code=e.code or 0\n"
    "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)"
)


def rapport(*args: str) -> tuple[float, float]:
    """Run ``rapport ARGS`` in a child process: (seconds, peak RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"rapport {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")
    rss = int(re.search(r"maxrss (\d+)", proc.stderr).group(1)) / 1024  # type: ignore[union-attr]
    return seconds, rss


def respondents(folder: Path, rows: int) -> Path:
    """The default respondent file repeated (new ids) to ``rows`` rows."""
    source = default_project_dir() / "respondents.csv"
    header, *body = source.read_text(encoding="utf-8").splitlines()
    target = folder / "respondents.csv"
    with target.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        for i in range(rows):
            line = body[i % len(body)]
            out.write(f"{i + 1}{line[line.index(',') :]}\n")
    shutil.copyfile(default_project_dir() / "questionnaire.yaml", folder / "questionnaire.yaml")
    return target


def long_paragraph_project(folder: Path, chars: int) -> Path:
    """The mini test project with one paragraph of ``chars`` characters appended."""
    project = folder / f"mini-{chars}"
    shutil.copytree(MINI, project)
    rng = random.Random(1)
    words: list[str] = []
    size = 0
    while size < chars:
        words.append(rng.choice(WORDS))
        size += len(words[-1]) + 1
    chapter = project / "chapters" / "02.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\n\n" + " ".join(words) + ".\n", encoding="utf-8"
    )
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=600_000)
    parser.add_argument("--skip-aggregate", action="store_true")
    args = parser.parse_args()
    print(f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.skip_aggregate:
            data = respondents(folder, args.rows)
            mb = data.stat().st_size / 1e6
            seconds, rss = rapport(
                "aggregate", str(data), "-q", str(folder / "questionnaire.yaml"),
                "--by", "sektor", "--by", "region", "--by", "kommune",
                "-o", str(folder / "results.csv"),
            )  # fmt: skip
            print(f"aggregate {args.rows:,} respondents ({mb:.0f} MB): "
                  f"{seconds:.1f} s, peak {rss:,.0f} MB")  # fmt: skip
        for chars in (400_000, 1_000_000):
            project = long_paragraph_project(folder, chars)
            out = folder / f"long-{chars}.pdf"
            seconds, rss = rapport("build", str(project), "-o", str(out), "--no-cache")
            print(f"build with a {chars // 1000} KB paragraph: {seconds:.1f} s, peak {rss:,.0f} MB")


if __name__ == "__main__":
    main()
