"""The composed story, before any PDF: numbering, references, roles and alt text."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.platypus import KeepTogether, Paragraph

from rapport.build import BuildOptions, prepare_report
from rapport.errors import ProjectError


def _walk(flowables: list) -> list:
    out = []
    for f in flowables:
        out.append(f)
        if isinstance(f, KeepTogether):
            out += _walk(f._content)
    return out


@pytest.fixture
def story(mini: Path) -> list:
    return _walk(prepare_report(BuildOptions(project=mini)).story)


def test_headings_are_numbered_and_carry_outline_info(story: list) -> None:
    headings = [f.rapport_heading[:3] for f in story if hasattr(f, "rapport_heading")]
    assert headings == [
        (1, "Indhold", ""),
        (1, "Første kapitel", "1"),
        (2, "Et afsnit", "1.1"),
        (1, "Metode", "2"),
        (2, "Data", "2.1"),
        (1, "Summary in English", "3"),
    ]


def test_figures_and_tables_numbered_per_chapter(story: list) -> None:
    captions = [f.text for f in story if getattr(f, "rapport_role", "") == "Caption"]
    assert [c.split("</font>")[0].rsplit(">", 1)[1] for c in captions] == [
        "Figur 1.1",
        "Tabel 1.1",
        "Figur 2.1",
        "Tabel 2.1",
    ]


def test_cross_references_resolve_to_linked_numbers(story: list) -> None:
    paras = [f.text for f in story if isinstance(f, Paragraph)]
    text = next(p for p in paras if "Se <a" in p)
    assert '<a href="#fig-fordeling">figur 1.1</a>' in text
    assert '<a href="#tab-kanaler">tabel 1.1</a>' in text
    assert '<a href="#sec-metode">kapitel 2</a>' in text


def test_every_block_knows_its_role_and_figures_have_alt_text(story: list) -> None:
    roles = {getattr(f, "rapport_role", None) for f in story}
    assert {"H1", "H2", "P", "Caption", "Figure", "Table", "Note", "Aside"} <= roles
    figures = [f for f in story if getattr(f, "rapport_role", "") == "Figure"]
    assert figures
    assert all(f.alt_text.startswith("Figuren ") and "%" in f.alt_text for f in figures)


def test_data_strings_are_escaped_in_markup(story: list) -> None:
    paras = [f.text for f in story if isinstance(f, Paragraph)]
    special = next(p for p in paras if "Specialnavnet" in p)
    assert "A&lt;b&gt;fed&lt;/b&gt; &amp; {{ x }} *ikke kursiv* @fig:x" in special


def test_unknown_figure_id_names_chapter_line(mini: Path) -> None:
    chapter = mini / "chapters" / "02.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        .replace("{figure} grupper", "{figure} gruper")
        .replace("@fig:grupper", "figuren"),
        encoding="utf-8",
    )
    with pytest.raises(ProjectError, match="unknown figure id 'gruper'") as info:
        prepare_report(BuildOptions(project=mini))
    assert info.value.location.file == chapter  # type: ignore[union-attr]
    lines = chapter.read_text(encoding="utf-8").splitlines()
    expected = next(i for i, t in enumerate(lines, 1) if "{figure} gruper" in t)
    assert info.value.location.line == expected  # type: ignore[union-attr]


def test_dangling_cross_reference_is_an_error(mini: Path) -> None:
    chapter = mini / "chapters" / "03.md"
    chapter.write_text("# Summary\n\nSee @fig:nowhere.\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="@fig:nowhere points to nothing") as info:
        prepare_report(BuildOptions(project=mini))
    assert info.value.location.line == 3  # type: ignore[union-attr]
