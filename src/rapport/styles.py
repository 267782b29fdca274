"""Paragraph styles derived from the layout: every size follows from one base size.

``make_styles`` is the one adapter from :class:`~rapport.layout.model.Layout`
to reportlab ``ParagraphStyle`` objects (charts have their own adapter in
``rapport.charts``). Heading sizes climb a modular scale from the base size;
leading, spacing and indents are multiples of it, so changing
``typography.base_size`` rescales the whole document consistently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .fonts import RegisteredFamily
from .layout.model import Layout

HYPHENATION = {"da": "da_DK", "en": "en_GB"}


def load_hyphenation(layout: Layout, languages: Iterable[str]) -> None:
    """Read the hyphenation dictionaries of ``languages`` now, not at the first paragraph
    that needs one (pyphen keeps each for the process; English takes ~0,08 s to read): a
    cold build reads them while its data is still being loaded."""
    if not layout.typography.hyphenate:
        return
    import pyphen

    for language in sorted(set(languages)):
        if language in HYPHENATION:
            pyphen.Pyphen(lang=HYPHENATION[language])


@dataclass(frozen=True)
class Fonts:
    body: RegisteredFamily
    heading: RegisteredFamily


def make_styles(layout: Layout, fonts: Fonts, language: str = "da") -> dict[str, ParagraphStyle]:
    """All named paragraph styles for one language (hyphenation follows the language)."""
    t, c = layout.typography, layout.colors
    base, lead, k = t.base_size, t.leading, t.scale
    hyph = HYPHENATION.get(language, "") if t.hyphenate else ""
    body = ParagraphStyle(
        "body",
        fontName=fonts.body.regular,
        fontSize=base,
        leading=base * lead,
        textColor=HexColor(c.text),
        alignment=TA_JUSTIFY if t.justify else TA_LEFT,
        spaceAfter=base * t.paragraph_space,
        hyphenationLang=hyph,
        embeddedHyphenation=1,
        uriWasteReduce=0.3,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,
    )
    sans = fonts.heading

    def heading(
        name: str, size: float, before: float, after: float, color: str = c.accent
    ) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            parent=body,
            fontName=sans.bold,
            fontSize=size,
            leading=size * 1.2,
            textColor=HexColor(color),
            alignment=TA_LEFT,
            spaceBefore=before,
            spaceAfter=after,
            keepWithNext=1,
            hyphenationLang="",
        )

    small = base * t.note_scale
    styles = {
        "body": body,
        "lead": ParagraphStyle(
            "lead", parent=body, fontSize=base * 1.15, leading=base * 1.15 * lead, alignment=TA_LEFT
        ),
        "chapter": heading("chapter", base * k**4, 0, base * 2.5),
        "chapter_number": heading("chapter_number", base * k**5, 0, base * 0.3, c.muted),
        "h2": heading("h2", base * k**2, base * 1.2, base * 0.5),
        "h3": heading("h3", base * k, base * 1.0, base * 0.35, c.text),
        "list": ParagraphStyle("list", parent=body, alignment=TA_LEFT, spaceAfter=base * 0.25),
        "caption": heading("caption", base * t.caption_scale * 1.1, base * 0.6, base * 0.5, c.text),
        "note": ParagraphStyle(
            "note",
            parent=body,
            fontName=sans.regular,
            fontSize=small,
            leading=small * 1.3,
            textColor=HexColor(c.muted),
            alignment=TA_LEFT,
            spaceAfter=base * 0.2,
            hyphenationLang=hyph,
        ),
        "footnote": ParagraphStyle(
            "footnote",
            parent=body,
            fontName=sans.regular,
            fontSize=small,
            leading=small * 1.3,
            alignment=TA_LEFT,
            spaceAfter=base * 0.15,
            hyphenationLang=hyph,
        ),
        "factbox": ParagraphStyle(
            "factbox", parent=body, fontName=sans.regular, alignment=TA_LEFT, spaceAfter=base * 0.3
        ),
        "table": ParagraphStyle(
            "table",
            parent=body,
            fontName=sans.regular,
            fontSize=base * layout.tables.font_scale,
            leading=base * layout.tables.font_scale * 1.25,
            alignment=TA_LEFT,
            spaceAfter=0,
            hyphenationLang=hyph,
        ),
        "toc_title": heading("toc_title", base * k**4, 0, base * 2),
        "cover_title": ParagraphStyle(
            "cover_title",
            fontName=sans.bold,
            fontSize=base * k**7,
            leading=base * k**7 * 1.1,
            textColor=HexColor(c.cover_text),
        ),
        "cover_subtitle": ParagraphStyle(
            "cover_subtitle",
            fontName=sans.regular,
            fontSize=base * k**3,
            leading=base * k**3 * 1.25,
            textColor=HexColor(c.cover_text),
        ),
        "colophon": ParagraphStyle(
            "colophon",
            parent=body,
            fontName=sans.regular,
            fontSize=small,
            leading=small * 1.45,
            alignment=TA_LEFT,
            spaceAfter=small * 0.6,
            hyphenationLang="",
        ),
        "bignumber": ParagraphStyle(
            "bignumber",
            fontName=sans.bold,
            fontSize=base * k**6,
            leading=base * k**6 * 1.1,
            textColor=HexColor(c.accent),
        ),
        "running": ParagraphStyle(
            "running", fontName=sans.regular, fontSize=small, textColor=HexColor(c.muted)
        ),
    }
    styles["toc1"] = ParagraphStyle(
        "toc1",
        parent=body,
        fontName=sans.bold,
        alignment=TA_LEFT,
        spaceBefore=base * 0.5,
        leftIndent=base * 2.2,
        firstLineIndent=-base * 2.2,
        rightIndent=base * 2.5,
        hyphenationLang="",
    )
    styles["toc2"] = ParagraphStyle(
        "toc2",
        parent=styles["toc1"],
        fontName=sans.regular,
        spaceBefore=0,
        leftIndent=base * 4.6,
        firstLineIndent=-base * 2.4,
    )
    styles["right"] = ParagraphStyle("right", parent=styles["table"], alignment=TA_RIGHT)
    styles["center"] = ParagraphStyle("center", parent=body, alignment=TA_CENTER)
    return styles
