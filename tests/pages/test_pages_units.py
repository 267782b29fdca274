"""Units behind clean pages: quotation marks by language, key-figure tiles that fit."""

from __future__ import annotations

import pytest

from rapport.charts.tile import fit_step, fit_tile
from rapport.errors import ChartError
from rapport.markdown import Paragraph, Run, parse_chapter
from rapport.quotes import quote_chapter, quote_marks, smart_quotes


@pytest.mark.parametrize(
    ("language", "style", "expected"),
    [
        ("da", "guillemets", "se »Offentlig innovation skaber værdi«."),
        ("da", "low-high", "se „Offentlig innovation skaber værdi“."),
        ("en", "guillemets", "see “Offentlig innovation skaber værdi”."),
    ],
)
def test_straight_quotes_become_the_languages_marks(
    language: str, style: str, expected: str
) -> None:
    lead = "see" if language == "en" else "se"
    text = f'{lead} "Offentlig innovation skaber værdi".'
    assert smart_quotes(text, quote_marks(language, style)) == expected


def test_an_apostrophe_inside_a_word_is_typographic() -> None:
    assert smart_quotes("it's the survey's", quote_marks("en")) == "it’s the survey’s"


def test_quotes_pair_up_across_bold_runs(tmp_path) -> None:
    chapter = parse_chapter('# T\n\nSe "**fed** tekst" her.\n', tmp_path / "c.md")
    para = quote_chapter(chapter, quote_marks("da")).blocks[1]
    assert isinstance(para, Paragraph)
    assert "".join(r.text for r in para.runs) == "Se »fed tekst« her."
    assert para.runs[1] == Run("fed", bold=True)


def test_a_long_tile_text_shrinks_within_the_floor(chart_style) -> None:
    long = "af innovationerne sker i samarbejde med andre – otte ud af ti"
    step = fit_step(chart_style, "79 %", long, 160, 48, bar=True)
    assert step > 0
    fit = fit_tile(chart_style, "79 %", long, 160, 48, bar=True)
    assert fit.claim_size >= chart_style.claim_size * chart_style.min_scale - 0.01
    lines = fit.claim.count("\n") + 1
    assert lines * fit.claim_size * 1.25 <= 48 - fit.bar - chart_style.pad * 2


def test_a_tile_text_that_cannot_fit_names_the_text_and_the_room(chart_style) -> None:
    text = "en alt for lang forklaring " * 6
    with pytest.raises(ChartError) as caught:
        fit_step(chart_style, "79 %", text, 160, 48, bar=True)
    assert "en alt for lang forklaring" in caught.value.message
    assert "mm" in caught.value.message
    assert "min_scale" in (caught.value.hint or "")
