"""A rebuild after a one-sentence edit, in a new process: no pandas, NumPy, pyarrow or
matplotlib imported when the data and every chart come from the cache, no chart drawn,
and the same bytes as a cold build of the edited project."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from engine_pdf import all_text, flat

from rapport.resources import default_project_dir

SENTENCE = "En sætning mere, skrevet efter sidste bygning."
HEAVY = ("pandas", "numpy", "pyarrow", "matplotlib")
PROJECTS = {
    "default": default_project_dir(),
    "fritidsvaner": Path(__file__).parents[1] / "projects" / "fritidsvaner",
}

# Runs `rapport build ARGS…` in this (new) process, then reports what was imported.
SCRIPT = f"""
import json, sys
from rapport.cli import cli
code = 0
try:
    cli(sys.argv[1:], prog_name="rapport")
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})
print(json.dumps({{"code": code, "heavy": heavy}}))
"""


def _build(project: Path, out: Path, *options: str) -> tuple[str, dict[str, object]]:
    """The build's message and the report line (exit code, heavy modules imported)."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "build", str(project), "-o", str(out), *options],
        capture_output=True,
        text=True,
        check=True,
    )
    *said, report = done.stdout.strip().splitlines()
    return "\n".join(said), json.loads(report)


def _edit(project: Path) -> None:
    first = sorted((project / "chapters").glob("*.md"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(f"{text}\n\n{SENTENCE}\n", "utf-8")


@pytest.mark.parametrize(
    ("name", "options"),
    [("default", ()), ("fritidsvaner", ()), ("fritidsvaner", ("--segment", "alder=75+"))],
    ids=["default", "fritidsvaner", "fritidsvaner-copy"],
)
def test_an_edit_rebuild_imports_no_data_or_chart_library(
    tmp_path: Path, name: str, options: tuple[str, ...]
) -> None:
    project = tmp_path / "project"
    shutil.copytree(PROJECTS[name], project)
    out = tmp_path / "ud" / "rapport.pdf"
    first, cold = _build(project, out, *options)
    assert cold["code"] == 0
    assert "charts drawn 0" not in first
    _again, warm = _build(project, out, *options)
    assert warm["code"] == 0
    assert warm["heavy"] == []

    _edit(project)
    said, edited = _build(project, out, *options)
    assert edited["code"] == 0
    heavy = edited["heavy"]
    assert heavy == [], f"imported on an edit rebuild: {sorted({m.split('.')[0] for m in heavy})}"
    assert "charts drawn 0," in said
    pdf = out.read_bytes()
    assert SENTENCE in flat(all_text(pdf))

    fresh = tmp_path / "kold" / "rapport.pdf"
    _, check = _build(project, fresh, "--no-cache", *options)
    assert check["code"] == 0
    assert fresh.read_bytes() == pdf, "the edit rebuild differs from a cold build"
