"""Line breaking kept between builds (``rapport.linebreaks``): a build that takes every
paragraph's lines from the file an earlier build kept writes the same bytes as a build
with no cache at all, in every shipped layout, for a tailored copy and for a second
project; and it breaks nothing anew, so the file is left as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rapport.build import BuildOptions, build_report
from rapport.linebreaks import read_kept
from rapport.memo import clear_all
from rapport.resources import default_project_dir

SECOND = Path(__file__).parents[1] / "projects" / "fritidsvaner"


def _build(project: Path, layout: str | None, segment: str, cache: Path | None) -> bytes:
    clear_all()  # as a new process: nothing remembered in memory
    options = BuildOptions(project=project, layout=layout, segment=segment, cache_dir=cache)
    return build_report(options).pdf


@pytest.mark.parametrize(
    ("project", "layout", "segment"),
    [
        pytest.param(default_project_dir(), None, "Alle", id="default"),
        pytest.param(default_project_dir(), "brief", "Alle", id="brief"),
        pytest.param(default_project_dir(), "hovedresultater", "Alle", id="hovedresultater"),
        pytest.param(default_project_dir(), None, "kommune=Aarhus", id="copy"),
        pytest.param(SECOND, None, "alder=75+", id="second-copy"),
    ],
)
def test_kept_lines_give_the_bytes_of_a_build_without_cache(
    tmp_path: Path, project: Path, layout: str | None, segment: str
) -> None:
    cache = tmp_path / "cache"
    _build(project, layout, segment, cache)
    kept = sorted((cache / "lines").glob("*.entry"))
    assert len(kept) == 1
    before = kept[0].read_bytes(), kept[0].stat().st_mtime_ns
    for entry in cache.iterdir():  # everything else goes: the pipeline runs in full
        if entry.name != "lines":
            shutil.rmtree(entry)
    again = _build(project, layout, segment, cache)
    assert (kept[0].read_bytes(), kept[0].stat().st_mtime_ns) == before  # nothing broken anew
    assert again == _build(project, layout, segment, None)


def test_an_edit_keeps_the_new_paragraph_and_drops_the_old(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SECOND, project)
    cache = tmp_path / "cache"
    _build(project, None, "Alle", cache)
    file = next((cache / "lines").glob("*.entry"))
    old = set(read_kept(file).stored.items())
    chapter = sorted((project / "chapters").glob("*.md"))[0]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEt nyt afsnit.\n", "utf-8")
    edited = _build(project, None, "Alle", cache)
    new = set(read_kept(file).stored.items())
    assert len(new - old) >= 1  # the new paragraph is kept (and any it moved)
    assert len(new & old) > len(old) // 2  # the rest is taken as it was
    assert edited == _build(project, None, "Alle", None)
