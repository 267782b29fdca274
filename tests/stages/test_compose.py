"""Stage 8b, compose: parsed blocks → flowables with roles, numbers and links."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer
from stage_helpers import pdf_text, render

from rapport.compose import Composer, Exhibit, Makers
from rapport.errors import FontError, ProjectError
from rapport.flowables import Para
from rapport.layout.model import Layout
from rapport.markdown import parse_chapter
from rapport.numbering import ChapterInput, References, number_blocks
from rapport.render import Language, NextKind
from rapport.styles import Fonts

CHAPTER = """# Resultater

Som @fig:innov viser, er **62 %** innovative <i>.

## Hvem innoverer

- kommuner
- regioner

```{figure} innov
```
"""


def _chapter(text: str = CHAPTER) -> ChapterInput:
    return ChapterInput(parse_chapter(text, Path("kap.md")), "da")


def _composer(
    layout: Layout,
    styles: dict[str, dict[str, ParagraphStyle]],
    fonts: Fonts | None = None,
    chapter: ChapterInput | None = None,
) -> Composer:
    def figure(ident: str, language: str) -> Exhibit:
        if ident != "innov":
            raise KeyError(ident)
        body = Paragraph("[diagram]", styles[language]["body"])
        return Exhibit("Andel <b>innovative</b>", body, "En note", "DST", "Alt-tekst")

    makers = Makers(figure, figure, lambda ident, language: Spacer(10, 10))
    numbering = number_blocks([chapter or _chapter()])
    return Composer(layout, styles, makers, References(layout, numbering, None), fonts)


def _paras(flowables: list[Flowable]) -> list[Para]:
    out: list[Para] = []
    for f in flowables:
        if isinstance(f, Para):
            out.append(f)
        out += _paras(getattr(f, "_content", None) or getattr(f, "parts", None) or [])
    return out


def test_a_chapter_becomes_roled_flowables_in_its_language(
    layout: Layout, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    story = _composer(layout, styles).chapter(_chapter())
    assert isinstance(story[0], Language)
    assert isinstance(story[-1], Language)
    assert any(isinstance(f, NextKind) for f in story)  # chapters start on a new page
    roles = [p.rapport_role for p in _paras(story)]  # type: ignore[attr-defined]
    assert roles.count("LBody") == 2
    assert "Caption" in roles
    assert roles.count("Note") == 2  # note and source
    heading = next(p for p in _paras(story) if getattr(p, "rapport_heading", None))
    assert heading.rapport_heading[:3] == (1, "Resultater", "1")  # type: ignore[attr-defined]


def test_text_is_escaped_and_references_are_links(
    layout: Layout, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    story = _composer(layout, styles).chapter(_chapter())
    body = next(p for p in _paras(story) if "viser" in p.text)
    assert '<a href="#fig-innov">figur 1.1</a>' in body.text
    assert "<b>62 %</b>" in body.text
    assert "&lt;i&gt;" in body.text
    caption = next(p for p in _paras(story) if p.rapport_role == "Caption")  # type: ignore[attr-defined]
    assert '<a name="fig-innov"/>' in caption.text
    assert "Figur 1.1</font>" in caption.text
    assert "Andel <b>innovative</b>" in caption.text


def test_the_figure_is_kept_with_its_caption_and_carries_its_alt_text(
    layout: Layout, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    story = _composer(layout, styles).chapter(_chapter())
    kept = [f for f in story if isinstance(f, KeepTogether)]
    figure = next(f for k in kept for f in k._content if getattr(f, "alt_text", ""))
    assert figure.alt_text == "Alt-tekst"  # type: ignore[attr-defined]
    assert figure.rapport_role == "Figure"  # type: ignore[attr-defined]


def test_an_unknown_exhibit_is_an_error_at_its_line(
    layout: Layout, styles: dict[str, dict[str, ParagraphStyle]]
) -> None:
    chapter = _chapter("# Kapitel\n\n```{figure} ukendt\n```\n")
    with pytest.raises(ProjectError) as caught:
        _composer(layout, styles, chapter=chapter).chapter(chapter)
    assert caught.value.message == "unknown figure id 'ukendt'"
    assert str(caught.value.location) == "kap.md:3:1"


def test_a_character_the_font_cannot_draw_is_an_error(
    layout: Layout, styles: dict[str, dict[str, ParagraphStyle]], fonts: Fonts
) -> None:
    chapter = _chapter("# Kapitel\n\nEt tegn: \u2e3b\n")
    with pytest.raises(FontError, match=r"kap\.md:3") as caught:
        _composer(layout, styles, fonts, chapter).chapter(chapter)
    assert "\u2e3b" in str(caught.value) or "U+2E3B" in str(caught.value)


def test_the_composed_chapter_renders_with_its_text(
    layout: Layout, styles: dict[str, dict[str, ParagraphStyle]], fonts: Fonts
) -> None:
    story = _composer(layout, styles, fonts).chapter(_chapter())
    text = " ".join(pdf_text(render(story, layout, fonts)))
    assert "Resultater" in text
    assert "Som figur 1.1 viser, er 62 % innovative <i>." in text
    assert "Figur 1.1" in text
