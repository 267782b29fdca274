"""Markdown footnotes: parsed, set at the page foot or the chapter end, tagged as Note."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from engine_pdf import page_texts

from rapport.build import BuildOptions, build_report
from rapport.errors import ProjectError
from rapport.markdown import Footnote, Paragraph, parse_chapter

NOTES = (
    "Tekst om metoden[^m]. @Fig:grupper viser kanalerne.[^k]\n\n"
    "[^m]: Metoden er beskrevet i bilaget.\n"
    "[^k]: Kanalerne er de fire hyppigste.\n"
)


def test_footnotes_parse_in_reference_order() -> None:
    text = "# T\n\nA[^b] og B[^a] og igen A[^b].\n\n[^a]: Anden.\n[^b]: Første,\n\n    to afsnit.\n"
    blocks = parse_chapter(text, Path("k.md")).blocks
    para = blocks[1]
    assert isinstance(para, Paragraph)
    assert [r.note for r in para.runs if r.note] == [1, 2, 1]
    notes = [b for b in blocks if isinstance(b, Footnote)]
    assert [(n.number, n.line, len(n.paragraphs)) for n in notes] == [(1, 6, 2), (2, 5, 1)]


def test_a_reference_without_definition_is_an_error_at_its_line() -> None:
    with pytest.raises(ProjectError, match=r"footnote \[\^2\] has no definition") as info:
        parse_chapter("# T\n\nFørste linje.\n\nTekst[^2].\n", Path("k.md"))
    assert info.value.location.line == 5


def test_an_escaped_bracket_stays_text() -> None:
    para = parse_chapter("# T\n\nTekst \\[^2].\n", Path("k.md")).blocks[1]
    assert isinstance(para, Paragraph)
    assert "".join(r.text for r in para.runs) == "Tekst [^2]."


def _build(mini: Path, place: str) -> bytes:
    chapter = mini / "chapters" / "02.md"
    text = chapter.read_text(encoding="utf-8")
    text = text.replace("Tekst om metoden. @Fig:grupper viser kanalerne.", NOTES)
    chapter.write_text(text, encoding="utf-8")
    layout = mini / "noter.yaml"
    layout.write_text(f"extends: rapport\nfootnotes: {{place: {place}}}\n", encoding="utf-8")
    return build_report(BuildOptions(project=mini, layout=str(layout))).pdf


def _line_tops(pdf: bytes, page: int, *phrases: str) -> list[float]:
    """The top y (PDF units, up is larger) of each phrase on a page."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        text = doc[page].get_textpage()
        full = text.get_text_range()
        tops = []
        for phrase in phrases:
            start = full.index(phrase)
            tops.append(text.get_charbox(start)[3])
        return tops
    finally:
        doc.close()


def test_page_notes_sit_at_the_foot_of_the_referring_page(mini: Path) -> None:
    pdf = _build(mini, "page")
    pages = page_texts(pdf)
    page = next(i for i, t in enumerate(pages) if "Tekst om metoden" in t)
    assert "Metoden er beskrevet i bilaget." in pages[page]
    assert "Kanalerne er de fire hyppigste." in pages[page]
    ref, box, first, second = _line_tops(
        pdf, page, "Tekst om metoden", "En faktaboks", "Metoden er beskrevet", "Kanalerne er de"
    )
    assert ref > box > first > second  # text, then the page's last block, then notes 1, 2
    assert "[^" not in "".join(pages)


def test_chapter_notes_follow_the_chapter_and_are_tagged_as_note(mini: Path) -> None:
    pdf = _build(mini, "chapter")
    text = "\n".join(page_texts(pdf))
    assert text.index("En faktaboks") < text.index("Metoden er beskrevet i bilaget.")
    assert text.index("Metoden er beskrevet") < text.index("Kanalerne er de fire hyppigste.")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        notes = _elements(doc.Root.StructTreeRoot, "/Note")
    assert len(notes) == 2
    assert len({str(n.ID) for n in notes}) == 2  # PDF/UA: every Note has a unique ID


def _elements(node: pikepdf.Object, kind: str) -> list[pikepdf.Dictionary]:
    found = []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary):
            if kid.get("/S") == kind:
                found.append(kid)
            found += _elements(kid, kind)
    return found
