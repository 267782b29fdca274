"""The second test project (``tests/projects/fritidsvaner``) builds in every shipped layout.

A made-up survey of residents' leisure and library habits with synthetic respondents:
5-, 4- and 7-point scales, long category labels, six education columns, tables of several
questions, an English chapter, a segment variable and an aggregated results file. These tests
check the basics on the PDF text; other test folders reuse the ``second_project`` fixture.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "engine"))
sys.path.insert(0, str(Path(__file__).parents[2] / "tools"))

from engine_pdf import flat, outline_titles, page_texts

PROJECT = Path(__file__).parent / "fritidsvaner"
Build = Callable[..., Path]


def texts(path: Path) -> list[str]:
    return page_texts(path.read_bytes())


def test_whole_report_has_every_chapter_and_exhibit(second_project: Build) -> None:
    pdf = second_project().read_bytes()
    titles = [t for depth, t in outline_titles(pdf) if depth == 0]
    for chapter in ("Forord", "Hovedresultater", "Summary in English", "Biblioteket", "Metode"):
        assert any(chapter in t for t in titles), (chapter, titles)
    assert not any("Særudgave" in t for t in titles), "the tailored chapter is only in copies"
    text = flat("\n".join(page_texts(pdf)))
    assert len(set(re.findall(r"Figur \d+\.\d+", text))) == 11  # 10 charts and an image
    assert len(set(re.findall(r"Tabel \d+\.\d+", text))) >= 4
    assert "Figure 3.1" in text, "the English chapter numbers in English"
    assert "Table 3.1" in text


def test_synthetic_data_is_labelled(second_project: Build) -> None:
    text = flat(" ".join(texts(second_project())))
    assert "Syntetiske data." in text, "the colophon says the data are synthetic"
    assert "syntetiske respondentdata" in text


def test_every_scale_and_the_aggregated_path_are_drawn(second_project: Build) -> None:
    text = flat(" ".join(texts(second_project())))
    for label in ("Meget utilfreds", "Slet ikke", "Helt uenig", "Lidt enig"):
        assert label in text, label
    assert "fra den aggregerede resultatfil" in text
    assert "75 år og derover" in text, "group labels of the aggregated file come from its labels"


@pytest.mark.parametrize("layout", ["brief", "hovedresultater"])
def test_short_layouts_take_the_tagged_chapters(second_project: Build, layout: str) -> None:
    pages = texts(second_project(layout))
    text = flat(" ".join(pages))
    assert "Hovedresultater" in text
    assert "Fritidslivets betydning" not in text, "untagged chapters stay out"
    assert len(pages) <= 6


@pytest.mark.parametrize("layout", ["rapport", "brief", "hovedresultater"])
def test_tailored_copy_in_every_layout(second_project: Build, layout: str) -> None:
    text = flat(" ".join(texts(second_project(layout, "alder=75+"))))
    assert "75 år og derover" in text
    assert "Særudgave" in text, "the tailored chapter is included"


def test_generator_is_reproducible(tmp_path: Path) -> None:
    import fritidsvaner

    fritidsvaner.generate(tmp_path)
    for name in ("respondenter.csv", "resultater.csv"):
        assert (tmp_path / name).read_bytes() == (PROJECT / "data" / name).read_bytes(), name
    rows = (tmp_path / "respondenter.csv").read_text(encoding="utf-8").count("\n") - 1
    assert rows == fritidsvaner.N >= 5000


def test_every_font_is_embedded_with_a_vector_image(second_project: Build) -> None:
    """The project's SVG image is drawn by reportlab's renderer, which starts in its own
    default font (Helvetica): no page may name a font that is not embedded."""
    import pypdf

    reader = pypdf.PdfReader(second_project())
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None, font["/BaseFont"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object())
    assert not any("Helvetica" in name for name in names)
    assert len(names) >= 4  # serif and sans, regular and bold
