"""Stage 8 helper, styles: the layout's typography → named paragraph styles per language."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from rapport.layout.model import Layout
from rapport.styles import Fonts

NAMES = {"body", "h2", "h3", "chapter", "caption", "note", "table", "colophon", "toc1", "toc2"}


def test_every_named_style_exists_in_both_languages(
    styles: dict[str, dict[str, ParagraphStyle]],
) -> None:
    for language in ("da", "en"):
        assert set(styles[language]) >= NAMES
        assert all(isinstance(s, ParagraphStyle) for s in styles[language].values())


def test_sizes_and_fonts_follow_the_layout(
    styles: dict[str, dict[str, ParagraphStyle]], layout: Layout, fonts: Fonts
) -> None:
    da = styles["da"]
    t = layout.typography
    assert da["body"].fontSize == t.base_size
    assert da["body"].fontName == fonts.body.regular
    assert da["chapter"].fontSize > da["h2"].fontSize > da["h3"].fontSize >= da["body"].fontSize
    assert da["note"].fontSize < da["body"].fontSize
    assert da["body"].leading > da["body"].fontSize


def test_hyphenation_follows_the_language(
    styles: dict[str, dict[str, ParagraphStyle]],
) -> None:
    assert styles["da"]["body"].hyphenationLang != styles["en"]["body"].hyphenationLang
    assert styles["da"]["body"].hyphenationLang.startswith("da")
