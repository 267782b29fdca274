"""Stage 8 helper, exhibits: figure and table definitions bound to data, with their notes,
sources and legends (the mini project's definitions; the makers called directly)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportlab.platypus import LongTable

from rapport.build import BuildOptions, prepare_report
from rapport.errors import DataError, Location
from rapport.exhibits import ExhibitFactory
from rapport.exhibits.captions import segments
from rapport.exhibits.context import located
from rapport.exhibits.figures import strings

MINI = Path(__file__).parents[1] / "engine" / "fixtures" / "mini"


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> ExhibitFactory:
    folder = tmp_path_factory.mktemp("mini") / "mini"
    shutil.copytree(MINI, folder)
    return prepare_report(BuildOptions(project=folder, segment="sektor=kommunal")).factory


def test_a_figure_has_its_templated_title_note_and_source(factory: ExhibitFactory) -> None:
    before = factory.figures.figure_count
    exhibit = factory.figures.figure("fordeling", "da")
    assert exhibit.title.endswith(" samarbejder")
    assert exhibit.source == "Testkilde"
    assert exhibit.alt  # described for screen readers
    assert factory.figures.figure_count == before + 1


def test_a_table_is_a_long_table_with_a_written_note(factory: ExhibitFactory) -> None:
    exhibit = factory.tables.table("kanaler", "da")
    assert isinstance(exhibit.body, LongTable)
    assert exhibit.title == "Kanaler efter sektor"
    assert exhibit.note.startswith("Tabellen viser procentandele")
    assert exhibit.source == "Testkilde"


def test_segment_columns_follow_the_tailored_copy(factory: ExhibitFactory) -> None:
    tdef = factory.context.project.tables["kanaler"]
    tailored = factory.tables.tailor(
        type(tdef)(**{**tdef.__dict__, "columns": ("Alle", "$segment")})
    )
    assert tailored.columns == ("Alle", "sektor=kommunal")
    assert factory.tables.tailor(tdef) is tdef


def test_colophon_and_back_page_name_the_publisher(factory: ExhibitFactory) -> None:
    colophon = factory.colophon()[0]
    texts = [p.text for p in colophon.parts]
    assert "<b>Testrapport</b>" in texts
    assert "Forfattere: Anna Andersen, Bo Bentsen" in texts
    assert any(t.startswith("Sat med rapport") for t in texts)
    back = [p.text for p in factory.back_page()[0].parts]
    assert back == ["<b>Testcentret</b>", "Testvej 1", "9999 Testby"]


def test_caption_helpers() -> None:
    assert segments(["Alle", "sektor=kommunal", "sektor=statslig", "str=stor"]) == [
        "sektor",
        "str",
    ]
    assert strings({"a": ["x", {"b": "y"}], "c": 3}) == {"x", "y"}


def test_located_points_an_unlocated_error_at_the_definition() -> None:
    where = Location("report.yaml", 12, 3)

    def fail() -> None:
        raise DataError("no such indicator", hint="check the id")

    with pytest.raises(DataError) as caught:
        located(fail, where)
    assert caught.value.location == where
    assert caught.value.message == "no such indicator (used at report.yaml:12:3)"
    assert caught.value.hint == "check the id"
