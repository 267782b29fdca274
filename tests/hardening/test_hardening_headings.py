"""Headings reach the contents page and the outline as text, never as markup."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from hardening_helpers import run
from pypdf import PdfReader


def _outline(pdf: Path) -> list[str]:
    with pikepdf.open(pdf) as doc, doc.open_outline() as outline:
        titles: list[str] = []
        stack = list(outline.root)
        while stack:
            item = stack.pop(0)
            titles.append(item.title)
            stack[:0] = list(item.children)
        return titles


@pytest.mark.parametrize("heading", ["Resultater </b>", "A <b>fed</b>", "R&D <i>x", "&amp; <br/>"])
def test_a_heading_with_markup_prints_literally_everywhere(mini, tmp_path, heading):
    chapter = mini / "chapters" / "02.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("# Metode", f"# {heading}", 1), encoding="utf-8")
    target = tmp_path / "x.pdf"
    result = run("build", str(mini), "-o", str(target))
    assert result.exit_code == 0, result.output
    shown = heading.replace("&amp;", "&")  # Markdown decodes the entity, as anywhere else
    pages = [page.extract_text() for page in PdfReader(target).pages]
    contents = next(p for p in pages if "Indhold" in p)
    assert shown in contents
    assert any(f"2 {shown}" == title for title in _outline(target))
    assert sum(shown in p for p in pages) >= 2  # the contents and the chapter opener
