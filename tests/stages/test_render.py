"""Stage 9, render: flowables → PDF bytes, tested on small stories (no project)."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.platypus import Flowable, PageBreak, Paragraph
from stage_helpers import META

from rapport.errors import RapportError, RenderError
from rapport.layout.model import Layout, PageTemplate
from rapport.render import (
    MAX_PASSES,
    PageTotal,
    ReportDoc,
    Running,
    render_pdf,
)
from rapport.styles import Fonts, make_styles


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_small_story_renders_its_text_on_counted_pages(layout: Layout, fonts: Fonts) -> None:
    body = make_styles(layout, fonts)["body"]
    story = [Paragraph("Første side", body), PageBreak(), Paragraph("Anden side", body)]
    pdf, pages, hint = render_pdf(story, layout, fonts, META, Running())
    text = _pages(pdf)
    assert pages == len(text) == 2
    assert "Første side" in text[0]
    assert "Anden side" in text[1]
    assert hint.total == 2
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None
    assert info.title == "Prøve"


def test_the_hint_of_one_build_gives_the_same_bytes_in_fewer_passes(
    layout: Layout, fonts: Fonts
) -> None:
    body = make_styles(layout, fonts)["body"]

    def story() -> list[Flowable]:
        return [Paragraph(f"Afsnit {i}", body) for i in range(80)]

    first, pages, hint = render_pdf(story(), layout, fonts, META, Running())
    again, pages_again, _ = render_pdf(story(), layout, fonts, META, Running(), hint)
    assert again == first
    assert pages_again == pages > 1


class _Flip(Flowable):
    """A block whose height depends on the page total: tall while it is odd, short while
    it is even — so the page count flips on every pass and never settles."""

    def __init__(self, total: PageTotal) -> None:
        super().__init__()
        self.total = total

    def wrap(self, *_: Any) -> tuple[float, float]:
        return 100, (500 if self.total.total % 2 else 1)

    def draw(self) -> None:
        return None


def test_pagination_that_never_settles_is_a_rapport_error_naming_the_cause(
    layout: Layout, fonts: Fonts
) -> None:
    total = PageTotal()
    total.count(1)
    doc = ReportDoc(io.BytesIO(), layout, fonts, META, Running(), total)
    doc.dry = True
    with pytest.raises(RenderError) as caught:
        doc.build_passes([total, _Flip(total)], MAX_PASSES)
    error = caught.value
    assert isinstance(error, RapportError)
    assert f"did not settle after {MAX_PASSES} layout passes" in error.message
    assert "the page total changed on every pass" in error.message
    assert error.hint is not None
    assert "height changes with its page number" in error.hint
    assert "running header/footer" in error.hint


def test_page_one_is_a_chapter_page_when_the_story_leaves_the_contents_out(
    layout: Layout, fonts: Fonts
) -> None:
    """A layout with only the contents switched on, and a story without them (no heading
    reached them): page 1 takes the chapter template (here: with a footer), not the
    contents template (here: none)."""
    sections = replace(layout.sections, cover=False, colophon=False, contents=True)
    templates = replace(layout.templates, contents=PageTemplate(header=False, footer=False))
    bare = replace(layout, sections=sections, templates=templates)
    styles = make_styles(bare, fonts, "da")
    raw, pages, _ = render_pdf(
        [Paragraph("Kun tekst", styles["body"])], bare, fonts, META, Running()
    )
    text = _pages(raw)[0]
    assert pages == 1
    assert "Side 1 af 1" in text
