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


def test_sources_from_the_cache_are_read_when_asked_for(tmp_path: Path) -> None:
    from rapport.buildcache import BuildCache
    from rapport.project import load_project
    from rapport.sources import load_sources

    class Reads(BuildCache):
        """A build cache that notes which kinds of entry are read."""

        def __init__(self, folder: Path) -> None:
            super().__init__(folder)
            self.read: list[str] = []

        def get(self, kind: str, key: str) -> object:
            self.read.append(kind)
            return super().get(kind, key)

    project = load_project(PROJECTS["default"])
    fresh = load_sources(project)  # no cache: everything loaded at once
    load_sources(project, BuildCache(tmp_path / "first"))  # fills a cache
    shutil.copytree(tmp_path / "first", tmp_path / "again")  # another folder: not remembered
    cache = Reads(tmp_path / "again")
    sources = load_sources(project, cache)
    assert cache.read == []
    assert sorted(sources.stores) == ["published", "survey"]
    assert "survey" in sources.respondents
    assert cache.read == []
    cell = sources.stores["published"].cell("samarbejde", "ja")
    assert cell == fresh.stores["published"].cell("samarbejde", "ja")
    assert cache.read == ["data"]
    assert sources.questionnaire("survey") == fresh.questionnaire("survey")
    assert cache.read == ["data", "data"]
    survey = sources.stores["survey"]
    for indicator in survey.indicators()[:5]:
        assert survey.categories(indicator) == fresh.stores["survey"].categories(indicator)
    assert cache.read == ["data", "data"]
