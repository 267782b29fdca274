"""Stage 8c, front matter: the cover and the contents page."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepInFrame, PageBreak
from stage_helpers import pdf_text, render

from rapport.flowables import Para
from rapport.frontmatter import FrontComposer, FrontMatter, TaggedContents, fit_words
from rapport.layout.model import Layout
from rapport.render import NextKind
from rapport.styles import Fonts

FRONT = FrontMatter(
    "Innovationsbarometeret", "Baggrundsrapport", "1. udgave", "1. maj 2015", "DST",
    segment="Kommunal",
)  # fmt: skip


def test_the_cover_shrinks_to_its_page_and_names_the_tailored_copy(
    layout: Layout, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    cover = FrontComposer(layout, styles).cover(FRONT)
    assert isinstance(cover[0], KeepInFrame)
    assert isinstance(cover[1], NextKind)
    assert isinstance(cover[2], PageBreak)
    texts = [f.text for f in cover[0]._content if isinstance(f, Para)]
    assert texts[0] == "Innovationsbarometeret"
    assert "<b>Særudgave: Kommunal</b>" in texts
    assert "1. udgave · 1. maj 2015" in texts
    assert texts[-1] == "DST"


def test_a_title_word_too_wide_for_the_line_shrinks_the_style(
    styles: dict[str, dict[str, ParagraphStyle]],
) -> None:
    title = styles["da"]["cover_title"]
    assert fit_words(title, "Kort titel", 400) is title
    fitted = fit_words(title, "Innovationsbarometeret", 100)
    assert fitted.fontSize < title.fontSize
    assert fitted.leading / fitted.fontSize == title.leading / title.fontSize


def test_contents_has_a_tagged_title_and_renders_the_entries(
    layout: Layout, styles: dict[str, dict[str, ParagraphStyle]], fonts: Fonts
) -> None:
    title, toc = FrontComposer(layout, styles).contents()
    assert isinstance(toc, TaggedContents)
    assert title.rapport_role == "H1"  # type: ignore[attr-defined]
    assert title.rapport_heading[1] == layout.labels.contents  # type: ignore[attr-defined]
    cover = FrontComposer(layout, styles).cover(FRONT)
    chapter = Para('<a name="sec-res"/>Resultater', styles["da"]["chapter"])
    chapter.rapport_role = "H1"  # type: ignore[attr-defined]
    chapter.rapport_heading = (1, "Resultater", "1", "sec-res")  # type: ignore[attr-defined]
    story = [*cover, title, toc, NextKind("chapter"), PageBreak(), chapter]
    pages = pdf_text(render(story, layout, fonts))
    assert "Innovationsbarometeret" in pages[0]
    contents = next(p for p in pages if layout.labels.contents in p)
    assert "Resultater" in contents  # the entry, with its page number
    assert "Resultater" in pages[-1]


def _contents_then(
    flowable: Flowable, layout: Layout, styles: dict[str, dict[str, ParagraphStyle]], fonts: Fonts
) -> list[str]:
    """The page texts of a contents page followed by a chapter page holding ``flowable``."""
    title, toc = FrontComposer(layout, styles).contents()
    return pdf_text(render([title, toc, NextKind("chapter"), PageBreak(), flowable], layout, fonts))


def test_contents_with_no_entries_draw_nothing_and_do_not_crash(
    layout: Layout, styles: dict[str, dict[str, ParagraphStyle]], fonts: Fonts
) -> None:
    pages = _contents_then(
        Para("Tekst uden overskrift", styles["da"]["body"]), layout, styles, fonts
    )
    assert pages[0].split() == [layout.labels.contents]  # no entry, no leaders
    assert "Tekst uden overskrift" in pages[-1]


def test_a_contents_entry_with_an_empty_title_still_shows_its_number_and_page(
    layout: Layout, styles: dict[str, dict[str, ParagraphStyle]], fonts: Fonts
) -> None:
    chapter = Para('<a name="sec-tom"/>', styles["da"]["chapter"])
    chapter.rapport_role = "H1"  # type: ignore[attr-defined]
    chapter.rapport_heading = (1, "", "7", "sec-tom")  # type: ignore[attr-defined]
    words = _contents_then(chapter, layout, styles, fonts)[0].split()
    assert words[:2] == [layout.labels.contents, "7"]  # the number, then the leaders
    assert words[-1] == "2"  # the page the chapter starts on
