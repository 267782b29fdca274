"""A sheet layout (``sections.pages``) fits its pages: bullets are left out to fit, and a
sheet that cannot fit is a clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from rapport.build import BuildOptions, build_report
from rapport.errors import ProjectError
from rapport.resources import data_dir

SENTENCE = "Resultaterne viser en tydelig udvikling, som er beskrevet nærmere i rapporten. "


@pytest.fixture
def template(tmp_path: Path) -> Path:
    folder = tmp_path / "skabelon"
    shutil.copytree(data_dir() / "skabelon", folder)
    return folder


def _add(folder: Path, text: str) -> None:
    chapter = folder / "chapters" / "02-resultater.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def test_bullets_that_do_not_fit_are_left_out_from_the_end(template: Path) -> None:
    bullets = [f"- **Punkt {k}.** {SENTENCE * 3}" for k in range(1, 13)]
    _add(template, "\n".join(bullets) + "\n")
    result = build_report(BuildOptions(project=template, layout="hovedresultater"))
    assert result.pages == 1
    text = pdfium.PdfDocument(result.pdf)[0].get_textpage().get_text_range()
    assert "Punkt 1." in text
    assert "Punkt 2." in text
    assert "Punkt 12." not in text


def test_a_sheet_that_cannot_fit_says_how_many_pages_it_needs(template: Path) -> None:
    _add(template, "\n\n".join(SENTENCE * 12 for _ in range(30)) + "\n")
    with pytest.raises(ProjectError) as caught:
        build_report(BuildOptions(project=template, layout="hovedresultater"))
    assert "is a sheet of one page or at most 2 full pages" in caught.value.message
    assert "sections.pages" in (caught.value.hint or "")
    assert caught.value.location is not None
