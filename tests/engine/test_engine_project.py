"""Report definitions: validated before anything is read or drawn, with file:line:column."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.errors import ProjectError
from rapport.project import isbn13_valid, load_project


def test_mini_project_loads(mini: Path) -> None:
    project = load_project(mini)
    assert project.title == "Testrapport"
    assert [c.file.name for c in project.chapters] == ["01.md", "02.md", "03.md"]
    assert project.chapters[2].language == "en_GB"
    assert set(project.figures) == {"fordeling", "grupper"}
    assert project.date.isoformat() == "2015-04-21"


def _edit(mini: Path, old: str, new: str) -> None:
    path = mini / "report.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "marker", "fragment", "hint"),
    [
        (
            "subtitle:",
            "subtitel:",
            "subtitel",
            "unknown key 'subtitel'",
            "did you mean 'subtitle'?",
        ),
        ("date: 2015-04-21", "date: 21-04-2015", "21-04", "not a date", "YYYY-MM-DD"),
        (
            "isbn: 978-87-999057-2-0",
            "isbn: 978-87-999057-2-1",
            "2-1",
            "not a valid ISBN-13",
            "check digit",
        ),
        (
            "  - chapters/02.md",
            "  - chapters/99.md",
            "99.md",
            "chapter 'chapters/99.md' does not exist",
            "did you mean",
        ),
        (
            "results: data/results.csv",
            "results: ../../etc/passwd",
            "passwd",
            "outside the project",
            "rapport reads nothing outside it",
        ),
        (
            "chart: {kind: bar, source: res,",
            "chart: {kind: bar, source: resu,",
            "source: resu",
            "data source 'resu' is not defined",
            "did you mean 'res'?",
        ),
        (
            "  fordeling:\n",
            "  fordeling:\n    farve: rød\n",
            "farve",
            "unknown key 'farve'",
            "allowed",
        ),
    ],
)
def test_definition_errors_are_located(
    mini: Path, old: str, new: str, marker: str, fragment: str, hint: str
) -> None:
    _edit(mini, old, new)
    lines = (mini / "report.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if marker in text)
    with pytest.raises(ProjectError) as info:
        load_project(mini)
    error = info.value
    assert fragment in error.message
    assert error.location is not None
    assert error.location.file == mini / "report.yaml"
    assert error.location.line == line
    assert hint in (error.hint or "")


def test_malformed_yaml_has_line_and_column(mini: Path) -> None:
    _edit(mini, "title: Testrapport", "title: [Testrapport")
    with pytest.raises(ProjectError, match="malformed YAML") as info:
        load_project(mini)
    assert info.value.location is not None
    assert info.value.location.line is not None
    assert info.value.location.column is not None


def test_missing_definition_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no report definition"):
        load_project(tmp_path)


def test_isbn_checksum() -> None:
    assert isbn13_valid("978-87-574-3760-7")
    assert not isbn13_valid("978-87-574-3760-8")
    assert not isbn13_valid("97887574376")
