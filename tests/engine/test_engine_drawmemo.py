"""Drawing kept between builds in one process (``rapport.drawmemo``), as in ``rapport
watch`` and a burst worker: a build that replays what an earlier build drew writes the
same bytes as a build of a fresh process, in every shipped layout, for tailored copies
(one after another, as a worker builds them), for a second project and for the
``rapport new`` template."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rapport.build import BuildOptions, build_report
from rapport.cli import cli
from rapport.drawmemo import tally
from rapport.memo import clear_all
from rapport.resources import default_project_dir

SECOND = Path(__file__).parents[1] / "projects" / "fritidsvaner"


def _build(project: Path, layout: str | None = None, segment: str = "Alle") -> bytes:
    options = BuildOptions(project=project, layout=layout, segment=segment, cache_dir=None)
    return build_report(options).pdf


def _replayed() -> int:
    return tally().get("replayed", 0)


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
def test_a_rebuild_from_kept_drawing_gives_the_bytes_of_a_fresh_process(
    project: Path, layout: str | None, segment: str
) -> None:
    clear_all()
    fresh = _build(project, layout, segment)
    before = _replayed()
    assert _build(project, layout, segment) == fresh
    assert _replayed() - before >= 10  # paragraphs and charts were replayed, not drawn


@pytest.mark.parametrize(
    ("project", "first", "then"),
    [
        pytest.param(default_project_dir(), "kommune=Aarhus", "kommune=Læsø", id="kommuner"),
        pytest.param(default_project_dir(), "Alle", "sektor=regional", id="whole-then-sektor"),
        pytest.param(SECOND, "alder=75+", "Alle", id="second"),
    ],
)
def test_a_copy_after_another_gives_the_bytes_of_that_copy_alone(
    project: Path, first: str, then: str
) -> None:
    clear_all()
    alone = _build(project, segment=then)
    clear_all()
    _build(project, segment=first)
    before = _replayed()
    assert _build(project, segment=then) == alone
    assert _replayed() > before


def test_the_new_project_template_rebuilds_to_the_same_bytes(tmp_path: Path) -> None:
    project = tmp_path / "nyt"
    assert CliRunner().invoke(cli, ["new", str(project)]).exit_code == 0
    clear_all()
    fresh = _build(project)
    before = _replayed()
    assert _build(project) == fresh
    assert _replayed() > before
