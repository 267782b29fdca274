"""Units behind clean pages: quotation marks by language, key-figure tiles that fit."""

from __future__ import annotations

import pyphen
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from rapport.charts.tile import fit_step, fit_tile
from rapport.errors import ChartError, ProjectError
from rapport.markdown import Paragraph, Run, parse_chapter
from rapport.quotes import quote_chapter, quote_marks, smart_quotes
from rapport.table_widths import Fonts, column_widths, header_lines


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


def test_header_words_break_only_at_hyphenation_points() -> None:
    lines = header_lines("Lang videregående uddannelse", "Helvetica-Bold", 8.5, 40, "da")
    assert all(stringWidth(line, "Helvetica-Bold", 8.5) <= 40 for line in lines)
    joined = " ".join(lines).replace("- ", "")
    assert joined == "Lang videregående uddannelse"
    words = iter(("videregående", "uddannelse"))
    for line in lines:
        if line.endswith("-"):
            head = line.split()[-1][:-1]
            word = next(w for w in words if w.startswith(head))
            assert len(head) in pyphen.Pyphen(lang="da_DK").positions(word)


def test_number_columns_are_as_wide_as_their_widest_number() -> None:
    header = ("Procent", "Alle", "Hovedstaden", "Sjælland")
    rows = (("Læser bøger", "1.234.567", "12", "13"),)
    widths, _ = column_widths(
        header, rows, Fonts("Helvetica", "Helvetica-Bold", 9), 200, "da", 0.75, "t"
    )
    assert widths[1] >= stringWidth("1.234.567", "Helvetica", 9)
    assert sum(widths) == pytest.approx(200)


def test_a_table_that_cannot_fit_is_a_named_error() -> None:
    header = ("Procent", *(f"Kolonne{i}" for i in range(12)))
    rows = (("x", *("1.234.567" for _ in range(12))),)
    with pytest.raises(ProjectError) as caught:
        column_widths(
            header, rows, Fonts("Helvetica", "Helvetica-Bold", 9), 300, "da", 0.75, "bred"
        )
    assert "'bred'" in caught.value.message
    assert "mm" in caught.value.message
